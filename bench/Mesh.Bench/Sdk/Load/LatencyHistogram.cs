using System.Diagnostics;

namespace Mesh.Bench.Sdk.Load;

/// <summary>
/// Log-linear latency histogram in nanoseconds (HdrHistogram's layout, 256 sub-buckets per power of two, so
/// a percentile is within 0.4 %): fixed memory and no allocation per sample, one per loop, merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int LinearLimit = SubBucketCount * 2;
    private const int MaxExponent = 44;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[LinearLimit + ((MaxExponent - SubBucketBits) * SubBucketCount)];

    public long Count { get; private set; }

    public void RecordTicks(long ticks)
    {
        var nanoseconds = Math.Max(0, (long)(ticks * NanosecondsPerTick));
        _counts[IndexOf(nanoseconds)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The nearest-rank percentile in microseconds (the middle of its bucket); NaN when empty.</summary>
    public double PercentileMicroseconds(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return MiddleOf(i) / 1_000.0;
            }
        }

        return MiddleOf(_counts.Length - 1) / 1_000.0;
    }

    private static int IndexOf(long nanoseconds)
    {
        if (nanoseconds < LinearLimit)
        {
            return (int)nanoseconds;
        }

        var exponent = 63 - long.LeadingZeroCount(nanoseconds);
        var shift = (int)exponent - SubBucketBits;
        var subBucket = (int)(nanoseconds >> shift) - SubBucketCount;
        var index = LinearLimit + ((shift - 1) * SubBucketCount) + subBucket;
        return (int)Math.Min(index, (LinearLimit + ((MaxExponent - SubBucketBits) * SubBucketCount)) - 1);
    }

    private static double MiddleOf(int index)
    {
        if (index < LinearLimit)
        {
            return index + 0.5;
        }

        var shift = ((index - LinearLimit) / SubBucketCount) + 1;
        var subBucket = ((index - LinearLimit) % SubBucketCount) + SubBucketCount;
        var low = (double)((long)subBucket << shift);
        return low + ((1L << shift) / 2.0);
    }
}
