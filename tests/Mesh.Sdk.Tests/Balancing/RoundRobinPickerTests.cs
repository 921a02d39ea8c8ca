using Mesh.Sdk.Balancing;
using static Mesh.Sdk.Tests.Routing.TestXds;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class RoundRobinPickerTests
{
    [Fact]
    public void Equal_weights_visit_every_endpoint_once_per_round()
    {
        var set = TestEndpoints.Set(1, 1, 1, 1);
        var picker = new RoundRobinPicker(set, new Random(1));

        for (var round = 0; round < 10; round++)
        {
            var seen = new HashSet<EndpointState>();
            for (var i = 0; i < set.Count; i++)
            {
                seen.Add(picker.Pick(PickContext.None)!);
            }

            Assert.Equal(set.Count, seen.Count);
        }
    }

    [Fact]
    public void Visits_endpoints_in_proportion_to_their_weights()
    {
        var set = TestEndpoints.Set(1, 2, 3);
        var picker = new RoundRobinPicker(set, new Random(1));

        var tally = Tally(60_000, () => picker.Pick(PickContext.None)!);

        Assert.InRange(tally[set.Endpoints[0]], 9_700, 10_300);
        Assert.InRange(tally[set.Endpoints[1]], 19_700, 20_300);
        Assert.InRange(tally[set.Endpoints[2]], 29_700, 30_300);
    }

    [Fact]
    public void Interleaves_a_light_endpoint_instead_of_bunching_the_heavy_one()
    {
        var set = TestEndpoints.Set(1, 1);
        var picker = new RoundRobinPicker(set, new Random(1));

        var previous = picker.Pick(PickContext.None);
        for (var i = 0; i < 100; i++)
        {
            var next = picker.Pick(PickContext.None);
            Assert.NotSame(previous, next);
            previous = next;
        }
    }

    [Fact]
    public void Skips_the_avoided_endpoint_when_another_exists()
    {
        var set = TestEndpoints.Set(5, 1);
        var picker = new RoundRobinPicker(set, new Random(1));

        for (var i = 0; i < 200; i++)
        {
            Assert.Same(set.Endpoints[1], picker.Pick(new PickContext(Avoid: set.Endpoints[0])));
        }
    }

    [Fact]
    public void Returns_the_avoided_endpoint_when_it_is_the_only_one_and_null_when_there_is_none()
    {
        var single = TestEndpoints.Set(1);

        Assert.Same(single.Endpoints[0], new RoundRobinPicker(single, new Random(1)).Pick(new PickContext(Avoid: single.Endpoints[0])));
        Assert.Null(new RoundRobinPicker(TestEndpoints.Set(), new Random(1)).Pick(PickContext.None));
    }
}
