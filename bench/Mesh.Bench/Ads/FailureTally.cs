namespace Mesh.Bench.Ads;

/// <summary>Counts client failures by message, so a run reports why clients failed instead of stopping at the first.</summary>
internal sealed class FailureTally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string stage, Exception error)
    {
        var key = $"{stage}: {error.GetType().Name}: {error.Message}";
        lock (_gate)
        {
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }
    }

    public IReadOnlyDictionary<string, int> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }
}
