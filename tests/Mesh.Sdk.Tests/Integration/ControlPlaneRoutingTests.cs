namespace Mesh.Sdk.Tests.Integration;

/// <summary>
/// Calls through <c>AddMeshClient()</c> and <c>IHttpClientFactory</c>, routed by a real mesh-cp to real Kestrel
/// upstreams that answer with their names.
/// </summary>
public sealed class ControlPlaneRoutingTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task Splits_by_weight_and_follows_a_live_weight_change_without_restarting()
    {
        await using var v1 = await NamedUpstream.StartAsync("v1");
        await using var v2 = await NamedUpstream.StartAsync("v2");
        await WriteSplitAsync("split", v1, v2, 80, 20);
        await using var app = fixture.CreateApp();

        // The very first call waits for the service's config instead of failing.
        await app.GetAsync("http://split/");
        var first = await app.CallManyAsync("http://split/items?page=1", 5000);
        Assert.True(first.Failed == 0, first.ToString());
        AssertShare(first, "v1", 80);

        await WriteSplitAsync("split", v1, v2, 50, 50);
        await Eventually.WaitAsync(() => app.CallManyAsync("http://split/", 400), t => Math.Abs(t.PercentOf("v1") - 50) < 10, "the 50/50 split");
        var second = await app.CallManyAsync("http://split.default/", 5000);
        Assert.True(second.Failed == 0, second.ToString());
        AssertShare(second, "v1", 50);
        Assert.Equal("split.default", v1.LastHost);
    }

    [Fact]
    public async Task Sends_calls_with_a_matching_header_to_v2_and_the_rest_to_v1()
    {
        await using var v1 = await NamedUpstream.StartAsync("v1");
        await using var v2 = await NamedUpstream.StartAsync("v2");
        await fixture.ApplyAsync("canary.yaml", MeshConfigFiles.Service("canary", (v1.Address, "v1"), (v2.Address, "v2")) + MeshConfigFiles.Route("canary", """
                - match: { headers: { x-canary: { exact: "yes" } } }
                  destinations: [{ subset: v2, weight: 100 }]
                - destinations: [{ subset: v1, weight: 100 }]
            """));
        await using var app = fixture.CreateApp();
        await app.GetAsync("http://canary.default.svc.cluster.local/");

        var tally = await app.CallManyAsync("http://canary/", 400, headers: i => i % 2 == 0 ? ("x-canary", "yes") : null);

        Assert.True(tally.Failed == 0, tally.ToString());
        Assert.Equal(200, tally.Of("v2"));
        Assert.Equal(200, tally.Of("v1"));
    }

    [Fact]
    public async Task Stops_sending_to_an_endpoint_removed_from_the_config()
    {
        await using var a = await NamedUpstream.StartAsync("a");
        await using var b = await NamedUpstream.StartAsync("b");
        await using var c = await NamedUpstream.StartAsync("c");
        await fixture.ApplyAsync("shrink.yaml", MeshConfigFiles.Service("shrink", (a.Address, "v1"), (b.Address, "v1"), (c.Address, "v1")));
        await using var app = fixture.CreateApp();
        var before = await app.CallManyAsync("http://shrink/", 300);
        Assert.True(before.Of("a") > 0 && before.Of("b") > 0, before.ToString());

        await fixture.ApplyAsync("shrink.yaml", MeshConfigFiles.Service("shrink", (a.Address, "v1"), (b.Address, "v1")));
        await Eventually.WaitAsync(() => app.CallManyAsync("http://shrink/", 100), t => t.Of("c") == 0, "c leaving the rotation");
        var removedBefore = c.Requests;
        var after = await app.CallManyAsync("http://shrink/", 600);

        Assert.True(after.Failed == 0, after.ToString());
        Assert.Equal(removedBefore, c.Requests);
        Assert.True(after.Of("a") > 200 && after.Of("b") > 200, after.ToString());
    }

    [Fact]
    public async Task Least_request_keeps_most_calls_away_from_a_slow_endpoint()
    {
        await using var fast1 = await NamedUpstream.StartAsync("fast1");
        await using var fast2 = await NamedUpstream.StartAsync("fast2");
        await using var fast3 = await NamedUpstream.StartAsync("fast3");
        await using var slow = await NamedUpstream.StartAsync("slow", TimeSpan.FromMilliseconds(300));
        await fixture.ApplyAsync(
            "leastreq.yaml",
            MeshConfigFiles.Service("leastreq", (fast1.Address, "v1"), (fast2.Address, "v1"), (fast3.Address, "v1"), (slow.Address, "v1")) +
            MeshConfigFiles.Policy("leastreq", "least_request"));
        await using var app = fixture.CreateApp();
        await app.GetAsync("http://leastreq/");

        var tally = await app.CallManyAsync("http://leastreq/", 1000, parallelism: 16);

        // Round robin would give it 25%. Two choices drawn with replacement (as Envoy draws them) still land
        // both on the slow one 1 time in 16, which is all it gets while it has calls in flight.
        Assert.True(tally.Failed == 0, tally.ToString());
        Assert.True(tally.PercentOf("slow") < 12.5, $"the slow endpoint got {tally.PercentOf("slow"):F1}%: {tally}");
    }

    [Fact]
    public async Task Ring_hash_keeps_each_key_on_one_endpoint()
    {
        await using var a = await NamedUpstream.StartAsync("a");
        await using var b = await NamedUpstream.StartAsync("b");
        await using var c = await NamedUpstream.StartAsync("c");
        await fixture.ApplyAsync(
            "sticky.yaml",
            MeshConfigFiles.Service("sticky", (a.Address, "v1"), (b.Address, "v1"), (c.Address, "v1")) +
            MeshConfigFiles.Route("sticky", """
                    - destinations: [{ subset: v1, weight: 100 }]
                      hashOn: { header: x-user-id }
                """) +
            MeshConfigFiles.Policy("sticky", "ring_hash"));
        await using var app = fixture.CreateApp();
        await app.GetAsync("http://sticky/", "x-user-id", "warm-up");

        var owners = new HashSet<string>();
        for (var user = 0; user < 30; user++)
        {
            var tally = await app.CallManyAsync("http://sticky/", 20, parallelism: 4, headers: _ => ("x-user-id", $"user-{user}"));
            Assert.True(tally.Failed == 0, tally.ToString());
            var owner = Assert.Single(new[] { "a", "b", "c" }, name => tally.Of(name) > 0);
            owners.Add(owner);
        }

        Assert.True(owners.Count >= 2, $"30 keys all landed on {string.Join(", ", owners)}");
    }

    private Task WriteSplitAsync(string service, NamedUpstream v1, NamedUpstream v2, int v1Weight, int v2Weight) =>
        fixture.ApplyAsync($"{service}.yaml", MeshConfigFiles.Service(service, (v1.Address, "v1"), (v2.Address, "v2")) + MeshConfigFiles.Route(service, $$"""
                - destinations:
                    - { subset: v1, weight: {{v1Weight}} }
                    - { subset: v2, weight: {{v2Weight}} }
            """));

    private static void AssertShare(CallTally tally, string upstream, int expectedPercent)
    {
        var percent = tally.PercentOf(upstream);
        Assert.True(Math.Abs(percent - expectedPercent) <= 3, $"{upstream} got {percent:F2}% of {tally.Total} calls, expected {expectedPercent}% ± 3: {tally}");
    }
}
