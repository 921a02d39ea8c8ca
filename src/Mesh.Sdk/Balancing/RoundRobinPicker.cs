namespace Mesh.Sdk.Balancing;

/// <summary>
/// <c>round_robin</c>, weighted with gRPC's static stride scheduler (gRFC A58): one interlocked sequence
/// number walks the endpoints in order and an endpoint takes its turn in a fraction of the passes equal
/// to its weight over the largest weight. The heaviest endpoint takes every pass, so a pick needs at most
/// one pass over the endpoints, and no lock or per-endpoint state is needed.
/// </summary>
internal sealed class RoundRobinPicker : IEndpointPicker
{
    private const int MaxScaledWeight = ushort.MaxValue;

    private readonly WeightedEndpointSet _endpoints;
    private readonly ulong[] _scaledWeights;
    private long _sequence;

    public RoundRobinPicker(WeightedEndpointSet endpoints, Random random)
    {
        _endpoints = endpoints;
        _scaledWeights = Scale(endpoints.Weights);

        // Start somewhere random so that clients built at the same moment do not all hit the same endpoint first.
        _sequence = endpoints.Count == 0 ? 0 : random.Next(endpoints.Count);
    }

    public EndpointState? Pick(in PickContext context)
    {
        var count = _endpoints.Count;
        if (count == 0)
        {
            return null;
        }

        // Taking the next turn when a skipped endpoint comes up keeps the rotation fair for the others.
        var picked = Next(count);
        for (var attempt = 0; attempt < count && context.Skips(_endpoints.Endpoints[picked]); attempt++)
        {
            picked = Next(count);
        }

        return _endpoints.NextUsable(picked, context);
    }

    private int Next(int count)
    {
        while (true)
        {
            var sequence = (ulong)Interlocked.Increment(ref _sequence);
            var index = (int)(sequence % (ulong)count);
            var generation = sequence / (ulong)count;
            var weight = _scaledWeights[index];

            // Spreads each endpoint's skipped passes differently so that light endpoints do not bunch up.
            var offset = (ulong)(MaxScaledWeight / 2) * (ulong)index;
            if ((weight * generation + offset) % MaxScaledWeight >= MaxScaledWeight - weight)
            {
                return index;
            }
        }
    }

    private static ulong[] Scale(double[] weights)
    {
        var max = 0d;
        foreach (var weight in weights)
        {
            max = Math.Max(max, weight);
        }

        var scaled = new ulong[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            scaled[i] = (ulong)Math.Clamp(Math.Round(weights[i] / max * MaxScaledWeight), 1, MaxScaledWeight);
        }

        return scaled;
    }
}
