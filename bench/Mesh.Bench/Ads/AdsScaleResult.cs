using System.Globalization;

namespace Mesh.Bench.Ads;

/// <summary>The outcome of one <see cref="AdsScaleRun"/>, printable as a markdown table row.</summary>
/// <param name="Clients">Clients started.</param>
/// <param name="Synced">Clients that ACKed all four types before the timeout.</param>
/// <param name="SetupTime">From the first connect until the last client was in sync.</param>
/// <param name="RouteAck">Time from the config write to each client's ACK of the new RouteConfiguration.</param>
/// <param name="RssBefore">mesh-cp's resident memory with no client connected, in bytes.</param>
/// <param name="RssAfter">mesh-cp's resident memory with every client in sync, in bytes.</param>
/// <param name="SetupCpu">CPU time mesh-cp used while the clients connected and synced.</param>
/// <param name="ChangeCpu">CPU time mesh-cp used from the config write until every client ACKed it.</param>
/// <param name="ClientChangeCpu">CPU time this process (all simulated clients) used over the same span.</param>
/// <param name="LoadAverage">The machine's one-minute load average just before the config change.</param>
/// <param name="Failures">The distinct errors of clients that did not sync or ACK, with counts.</param>
internal sealed record AdsScaleResult(
    int Clients,
    int Synced,
    TimeSpan SetupTime,
    LatencySummary RouteAck,
    long RssBefore,
    long RssAfter,
    TimeSpan SetupCpu,
    TimeSpan ChangeCpu,
    TimeSpan ClientChangeCpu,
    double LoadAverage,
    IReadOnlyDictionary<string, int> Failures)
{
    public const string MarkdownHeader = """
        | clients | in sync | setup (s) | change → ACK p50 (ms) | p99 (ms) | max (ms) | ACKed | RSS before (MB) | RSS after (MB) | KB per client | mesh-cp CPU setup (ms) | mesh-cp CPU change (ms) | clients CPU change (ms) | load avg |
        |--------:|--------:|----------:|----------------------:|---------:|---------:|------:|----------------:|---------------:|--------------:|-----------------------:|------------------------:|------------------------:|---------:|
        """;

    /// <summary>mesh-cp's resident memory growth per connected client, in KiB.</summary>
    public double KilobytesPerClient => Synced == 0 ? double.NaN : (RssAfter - RssBefore) / 1024.0 / Synced;

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Clients:N0} | {Synced:N0} | {SetupTime.TotalSeconds:F2} | {RouteAck.P50:F1} | {RouteAck.P99:F1} | {RouteAck.Max:F1} | {RouteAck.Count:N0} | {Megabytes(RssBefore):F1} | {Megabytes(RssAfter):F1} | {KilobytesPerClient:F1} | {SetupCpu.TotalMilliseconds:F0} | {ChangeCpu.TotalMilliseconds:F0} | {ClientChangeCpu.TotalMilliseconds:F0} | {LoadAverage:F1} |");

    private static double Megabytes(long bytes) => bytes / 1024.0 / 1024.0;
}
