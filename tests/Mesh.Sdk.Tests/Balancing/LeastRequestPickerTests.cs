using Mesh.Sdk.Balancing;
using static Mesh.Sdk.Tests.Routing.TestXds;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class LeastRequestPickerTests
{
    [Fact]
    public void Prefers_the_endpoint_with_fewer_calls_in_flight()
    {
        var set = TestEndpoints.Set(1, 1);
        for (var i = 0; i < 10; i++)
        {
            set.Endpoints[0].BeginRequest();
        }

        var picker = new LeastRequestPicker(set, LeastRequestPicker.DefaultChoiceCount, new Random(5));

        var tally = Tally(4_000, () => picker.Pick(PickContext.None)!);

        // Two draws with replacement: the busy endpoint wins only when it is drawn twice, a quarter of the time.
        Assert.InRange(tally[set.Endpoints[1]] / 40.0, 70, 80);
    }

    [Fact]
    public void More_choices_concentrate_calls_on_the_least_loaded_endpoint()
    {
        var set = TestEndpoints.Set(1, 1, 1, 1);
        foreach (var busy in set.Endpoints[1..])
        {
            busy.BeginRequest();
        }

        var two = new LeastRequestPicker(set, 2, new Random(5));
        var five = new LeastRequestPicker(set, 5, new Random(5));

        var byTwo = Tally(4_000, () => two.Pick(PickContext.None)!)[set.Endpoints[0]];
        var byFive = Tally(4_000, () => five.Pick(PickContext.None)!)[set.Endpoints[0]];

        Assert.True(byFive > byTwo, $"five choices picked the idle endpoint {byFive} times, two choices {byTwo}");
    }

    [Fact]
    public void Weighs_calls_in_flight_against_endpoint_weight()
    {
        var set = TestEndpoints.Set(1, 4);

        // Three calls on a weight-4 endpoint is less load per unit of weight than one on a weight-1 endpoint.
        set.Endpoints[0].BeginRequest();
        for (var i = 0; i < 3; i++)
        {
            set.Endpoints[1].BeginRequest();
        }

        var picker = new LeastRequestPicker(set, 2, new Random(5));

        var tally = Tally(4_000, () => picker.Pick(PickContext.None)!);

        Assert.True(tally[set.Endpoints[1]] > 3_600, $"heavy endpoint got {tally[set.Endpoints[1]]} of 4000");
    }

    [Fact]
    public void Follows_calls_ending()
    {
        var set = TestEndpoints.Set(1, 1);
        var picker = new LeastRequestPicker(set, 2, new Random(5));
        set.Endpoints[0].BeginRequest();
        set.Endpoints[0].EndRequest();
        set.Endpoints[1].BeginRequest();

        var tally = Tally(1_000, () => picker.Pick(PickContext.None)!);

        Assert.Equal(0, set.Endpoints[0].ActiveRequests);
        Assert.True(tally[set.Endpoints[0]] > tally[set.Endpoints[1]]);
    }

    [Fact]
    public void Never_returns_the_avoided_endpoint_when_another_exists()
    {
        var set = TestEndpoints.Set(1, 1, 1);
        set.Endpoints[1].BeginRequest();
        set.Endpoints[2].BeginRequest();
        var picker = new LeastRequestPicker(set, 2, new Random(5));

        var tally = Tally(1_000, () => picker.Pick(new PickContext(Avoid: set.Endpoints[0]))!);

        Assert.False(tally.ContainsKey(set.Endpoints[0]));
    }
}
