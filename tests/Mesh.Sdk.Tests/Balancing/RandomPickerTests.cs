using Mesh.Sdk.Balancing;
using static Mesh.Sdk.Tests.Routing.TestXds;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class RandomPickerTests
{
    [Fact]
    public void Honours_weights_within_three_points()
    {
        var set = TestEndpoints.Set(1, 3);
        var picker = new RandomPicker(set, new Random(3));

        var tally = Tally(10_000, () => picker.Pick(PickContext.None)!);

        Assert.InRange(tally[set.Endpoints[1]] / 100.0, 72, 78);
    }

    [Fact]
    public void Never_returns_the_avoided_endpoint_when_another_exists()
    {
        var set = TestEndpoints.Set(100, 1, 1);
        var picker = new RandomPicker(set, new Random(3));

        var tally = Tally(2_000, () => picker.Pick(new PickContext(Avoid: set.Endpoints[0]))!);

        Assert.False(tally.ContainsKey(set.Endpoints[0]));
        Assert.Equal(2, tally.Count);
    }
}
