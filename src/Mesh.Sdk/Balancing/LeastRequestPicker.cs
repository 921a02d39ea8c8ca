namespace Mesh.Sdk.Balancing;

/// <summary>
/// <c>least_request</c>: power of <c>choice_count</c> choices (default 2). Candidates are drawn in
/// proportion to weight and the one with the fewest calls in flight per unit of weight wins, so a heavier
/// endpoint is both offered more often and allowed more concurrent calls, as Envoy weighs them.
/// </summary>
internal sealed class LeastRequestPicker : IEndpointPicker
{
    public const int DefaultChoiceCount = 2;

    private readonly WeightedEndpointSet _endpoints;
    private readonly CumulativeWeights _weights;
    private readonly Random _random;
    private readonly int _choiceCount;

    public LeastRequestPicker(WeightedEndpointSet endpoints, int choiceCount, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(choiceCount, 1);
        _endpoints = endpoints;
        _weights = new CumulativeWeights(endpoints.Weights);
        _choiceCount = choiceCount;
        _random = random;
    }

    public EndpointState? Pick(in PickContext context)
    {
        if (_endpoints.Count == 0)
        {
            return null;
        }

        var best = -1;
        for (var choice = 0; choice < _choiceCount; choice++)
        {
            var candidate = _weights.Next(_random);
            if (context.Skips(_endpoints.Endpoints[candidate]))
            {
                continue;
            }

            if (best < 0 || IsLessLoaded(candidate, best))
            {
                best = candidate;
            }
        }

        // Every draw hit a skipped endpoint: take the next usable one along rather than draw again without bound.
        return best >= 0 ? _endpoints.Endpoints[best] : _endpoints.NextUsable(_weights.Next(_random), context);
    }

    // active_a / weight_a < active_b / weight_b, cross-multiplied to avoid dividing by the weights.
    private bool IsLessLoaded(int candidate, int incumbent) =>
        _endpoints.Endpoints[candidate].ActiveRequests * _endpoints.Weights[incumbent] <
        _endpoints.Endpoints[incumbent].ActiveRequests * _endpoints.Weights[candidate];
}
