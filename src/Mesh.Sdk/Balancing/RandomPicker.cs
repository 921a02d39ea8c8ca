namespace Mesh.Sdk.Balancing;

/// <summary><c>random</c>: each endpoint with probability proportional to its weight.</summary>
internal sealed class RandomPicker : IEndpointPicker
{
    // Redraws around skipped endpoints before falling back to a scan: enough that a skewed set rarely scans, bounded so it never spins.
    private const int RedrawsAroundAvoided = 4;

    private readonly WeightedEndpointSet _endpoints;
    private readonly CumulativeWeights _weights;
    private readonly Random _random;

    public RandomPicker(WeightedEndpointSet endpoints, Random random)
    {
        _endpoints = endpoints;
        _weights = new CumulativeWeights(endpoints.Weights);
        _random = random;
    }

    public EndpointState? Pick(in PickContext context)
    {
        if (_endpoints.Count == 0)
        {
            return null;
        }

        var index = _weights.Next(_random);
        for (var redraw = 0; redraw < RedrawsAroundAvoided && context.Skips(_endpoints.Endpoints[index]); redraw++)
        {
            index = _weights.Next(_random);
        }

        return _endpoints.NextUsable(index, context);
    }
}
