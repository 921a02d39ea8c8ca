using Mesh.Sdk.Balancing;
using static Mesh.Sdk.Tests.Routing.TestXds;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class RingHashPickerTests
{
    private static RingHashPicker Ring(WeightedEndpointSet set) =>
        new(set, RingHashPicker.DefaultMinimumRingSize, RingHashPicker.DefaultMaximumRingSize, new Random(9));

    private static PickContext Key(string key) => new(XxHash64.HashUtf8(key));

    [Fact]
    public void Keeps_a_key_on_one_endpoint_across_a_thousand_picks()
    {
        var picker = Ring(TestEndpoints.Set(1, 1, 1, 1));

        foreach (var key in new[] { "alice", "bob", "carol" })
        {
            var first = picker.Pick(Key(key));
            var tally = Tally(1_000, () => picker.Pick(Key(key))!);
            Assert.Equal(first, Assert.Single(tally).Key);
        }
    }

    [Fact]
    public void Keeps_keys_on_the_same_address_when_the_ring_is_rebuilt_from_new_endpoint_objects()
    {
        var before = Ring(TestEndpoints.Set(1, 1, 1, 1));
        var after = Ring(TestEndpoints.Set(1, 1, 1, 1));

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(before.Pick(Key($"user-{i}"))!.Authority, after.Pick(Key($"user-{i}"))!.Authority);
        }
    }

    [Fact]
    public void Spreads_keys_over_every_endpoint_by_weight()
    {
        var set = TestEndpoints.Set(1, 1, 2);
        var picker = Ring(set);

        var tally = Tally(10_000, () => picker.Pick(Key(Guid.NewGuid().ToString()))!);

        Assert.InRange(tally[set.Endpoints[2]] / 100.0, 42, 58);
        Assert.InRange(tally[set.Endpoints[0]] / 100.0, 17, 33);
    }

    [Fact]
    public void Adding_an_endpoint_moves_few_keys_and_mostly_to_the_new_one()
    {
        var four = Ring(TestEndpoints.Set(1, 1, 1, 1));
        var five = Ring(TestEndpoints.Set(1, 1, 1, 1, 1));

        var moved = 0;
        var movedToNew = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var before = four.Pick(Key($"user-{i}"))!;
            var after = five.Pick(Key($"user-{i}"))!;
            if (before.Authority != after.Authority)
            {
                moved++;
                movedToNew += after.Authority == "10.0.0.5:8080" ? 1 : 0;
            }
        }

        // The new endpoint's fair share is a fifth of the keys; hashing modulo the endpoint count would move
        // four fifths. Old endpoints also shed the entries their smaller share no longer needs (Envoy's and
        // gRPC's rings do the same, and matching them keeps affinity consistent across clients), so about a
        // third move, most of them to the new endpoint.
        Assert.InRange(moved, 300, 800);
        Assert.True(movedToNew >= moved * 0.6, $"{movedToNew} of {moved} moved keys went to the new endpoint");
    }

    [Fact]
    public void Sends_requests_without_a_hash_anywhere()
    {
        var picker = Ring(TestEndpoints.Set(1, 1, 1));

        var tally = Tally(300, () => picker.Pick(PickContext.None)!);

        Assert.Equal(3, tally.Count);
    }

    [Fact]
    public void Walks_past_the_avoided_endpoint_to_the_next_one_on_the_ring()
    {
        var picker = Ring(TestEndpoints.Set(1, 1, 1));

        for (var i = 0; i < 200; i++)
        {
            var key = Key($"user-{i}");
            var usual = picker.Pick(key)!;
            var retry = picker.Pick(key with { Avoid = usual })!;
            Assert.NotSame(usual, retry);
            Assert.Same(retry, picker.Pick(key with { Avoid = usual }));
        }
    }

    [Theory]
    [InlineData(1024UL, 8_388_608UL, 1, 1, 1)]
    [InlineData(1024UL, 8_388_608UL, 1, 1000)]
    [InlineData(16UL, 64UL, 1, 1000)]
    public void Ring_size_stays_within_the_configured_bounds(ulong minimum, ulong maximum, params int[] weights)
    {
        var set = TestEndpoints.Set([.. weights.Select(weight => (uint)weight)]);

        var picker = new RingHashPicker(set, minimum, maximum, new Random(9));

        Assert.InRange((ulong)picker.Size, minimum, maximum);
    }
}
