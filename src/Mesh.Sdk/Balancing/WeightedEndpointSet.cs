namespace Mesh.Sdk.Balancing;

/// <summary>The endpoints one picker chooses among, each with a positive relative weight.</summary>
internal sealed class WeightedEndpointSet
{
    public WeightedEndpointSet(EndpointState[] endpoints, double[] weights)
    {
        if (endpoints.Length != weights.Length)
        {
            throw new ArgumentException($"Got {endpoints.Length} endpoints but {weights.Length} weights.", nameof(weights));
        }

        foreach (var weight in weights)
        {
            if (!(weight > 0) || double.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weight, "Endpoint weights must be positive and finite.");
            }
        }

        Endpoints = endpoints;
        Weights = weights;
    }

    /// <summary>Every endpoint weighted by its own load_balancing_weight.</summary>
    public static WeightedEndpointSet ByEndpointWeight(EndpointState[] endpoints)
    {
        var weights = new double[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            weights[i] = endpoints[i].Weight;
        }

        return new WeightedEndpointSet(endpoints, weights);
    }

    public EndpointState[] Endpoints { get; }

    public double[] Weights { get; }

    public int Count => Endpoints.Length;

    /// <summary>
    /// The first endpoint at or after <paramref name="start"/> (wrapping) that the context does not skip;
    /// failing that the first that is not the avoided one (ejected endpoints beat none), else the start.
    /// </summary>
    public EndpointState NextUsable(int start, in PickContext context)
    {
        for (var offset = 0; offset < Endpoints.Length; offset++)
        {
            var candidate = Endpoints[(start + offset) % Endpoints.Length];
            if (!context.Skips(candidate))
            {
                return candidate;
            }
        }

        for (var offset = 0; offset < Endpoints.Length; offset++)
        {
            var candidate = Endpoints[(start + offset) % Endpoints.Length];
            if (!ReferenceEquals(candidate, context.Avoid))
            {
                return candidate;
            }
        }

        return Endpoints[start % Endpoints.Length];
    }
}
