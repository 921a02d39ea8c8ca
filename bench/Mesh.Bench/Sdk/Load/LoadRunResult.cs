using System.Globalization;

namespace Mesh.Bench.Sdk.Load;

/// <summary>One measured run of one client variant over one protocol.</summary>
internal sealed record LoadRunResult(
    string Protocol,
    string Variant,
    int Round,
    long Requests,
    long Errors,
    TimeSpan Elapsed,
    LatencyHistogram Latency,
    long AllocatedBytes,
    TimeSpan CpuTime,
    TimeSpan UpstreamCpuTime,
    double LoadAverage)
{
    public const string MarkdownHeader = """
        | protocol | round | variant | requests | RPS | p50 (µs) | p99 (µs) | allocated B/req | client CPU µs/req | upstream CPU µs/req | errors | load avg |
        |---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|
        """;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double BytesPerRequest => (double)AllocatedBytes / Math.Max(1, Requests);

    public double CpuMicrosecondsPerRequest => CpuTime.TotalMicroseconds / Math.Max(1, Requests);

    public double UpstreamCpuMicrosecondsPerRequest => UpstreamCpuTime.TotalMicroseconds / Math.Max(1, Requests);

    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Protocol} | {Round} | {Variant} | {Requests:N0} | {RequestsPerSecond:N0} | {Latency.PercentileMicroseconds(0.50):F0} | {Latency.PercentileMicroseconds(0.99):F0} | {BytesPerRequest:N0} | {CpuMicrosecondsPerRequest:F1} | {UpstreamCpuMicrosecondsPerRequest:F1} | {Errors} | {LoadAverage:F1} |");
}
