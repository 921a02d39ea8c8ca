using System.Collections.Concurrent;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>Answers counted by upstream name, and failures.</summary>
internal sealed class CallTally
{
    private readonly ConcurrentDictionary<string, int> _byUpstream = new(StringComparer.Ordinal);
    private int _failed;

    public int Failed => Volatile.Read(ref _failed);

    public Exception? LastError { get; private set; }

    public int Total => _byUpstream.Values.Sum();

    public int Of(string upstream) => _byUpstream.GetValueOrDefault(upstream);

    public double PercentOf(string upstream) => Total == 0 ? 0 : 100.0 * Of(upstream) / Total;

    public void Add(string upstream) => _byUpstream.AddOrUpdate(upstream, 1, static (_, count) => count + 1);

    public void Fail(Exception exception)
    {
        Interlocked.Increment(ref _failed);
        LastError = exception;
    }

    public override string ToString() =>
        string.Join(", ", _byUpstream.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")) +
        $", failed={Failed}{(LastError is null ? string.Empty : $" ({LastError.Message})")}";
}
