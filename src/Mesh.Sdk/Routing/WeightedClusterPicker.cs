using System.Collections.Immutable;
using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Routing;

/// <summary>A route's destinations: one cluster, or a weighted split drawn from a cumulative-weight array.</summary>
internal sealed class WeightedClusterPicker
{
    private readonly ClusterState[] _clusters;
    private readonly ulong[] _cumulativeWeights;
    private readonly Random _random;

    public WeightedClusterPicker(ImmutableArray<(ClusterState Cluster, uint Weight)> destinations, Random random)
    {
        _clusters = new ClusterState[destinations.Length];
        _cumulativeWeights = new ulong[destinations.Length];
        var total = 0UL;
        for (var i = 0; i < destinations.Length; i++)
        {
            total += destinations[i].Weight;
            _clusters[i] = destinations[i].Cluster;
            _cumulativeWeights[i] = total;
        }

        if (destinations.Length == 0 || total == 0)
        {
            throw new ArgumentException("A route needs at least one destination with a positive weight.", nameof(destinations));
        }

        _random = random;
    }

    public ImmutableArray<ClusterState> Clusters => [.. _clusters];

    public ClusterState Pick()
    {
        if (_clusters.Length == 1)
        {
            return _clusters[0];
        }

        var point = (ulong)_random.NextInt64((long)_cumulativeWeights[^1]);
        int low = 0, high = _cumulativeWeights.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_cumulativeWeights[middle] > point)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return _clusters[low];
    }
}
