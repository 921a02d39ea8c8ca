namespace Mesh.Sdk.Balancing;

/// <summary>Weighted random choice: a running-sum array searched with one random draw.</summary>
internal sealed class CumulativeWeights
{
    private readonly double[] _sums;

    public CumulativeWeights(ReadOnlySpan<double> weights)
    {
        _sums = new double[weights.Length];
        var total = 0d;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            _sums[i] = total;
        }
    }

    /// <summary>An index drawn with probability proportional to its weight; -1 when there is none.</summary>
    public int Next(Random random)
    {
        if (_sums.Length <= 1)
        {
            return _sums.Length - 1;
        }

        var point = random.NextDouble() * _sums[^1];

        // First running sum strictly above the point: that index's interval holds it.
        int low = 0, high = _sums.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_sums[middle] > point)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
