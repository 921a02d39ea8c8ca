using System.Globalization;

namespace Mesh.Bench.Sdk.Load;

/// <summary>Mesh against plain over all rounds of one protocol: throughput ratio and added latency, bytes and CPU per request.</summary>
internal sealed record LoadComparison(
    string Protocol,
    double PlainRps,
    double MeshRps,
    double MinRoundRatio,
    double MaxRoundRatio,
    LatencyHistogram PlainLatency,
    LatencyHistogram MeshLatency,
    double PlainBytes,
    double MeshBytes,
    double PlainCpu,
    double MeshCpu,
    double PlainUpstreamCpu,
    double MeshUpstreamCpu,
    double MinLoad,
    double MaxLoad)
{
    public const string MarkdownHeader = """
        | protocol | plain RPS | mesh RPS | ratio mesh/plain (rounds) | p50 plain → mesh (µs) | added p50 (µs) | p99 plain → mesh (µs) | added p99 (µs) | B/req plain → mesh | added B/req | client CPU µs/req plain → mesh | upstream CPU µs/req plain → mesh | load avg |
        |---|--:|--:|---|---|--:|---|--:|---|--:|---|---|---|
        """;

    public static LoadComparison From(string protocol, IReadOnlyList<LoadRunResult> runs, string plain, string mesh)
    {
        var plainRuns = runs.Where(r => r.Variant == plain).OrderBy(r => r.Round).ToList();
        var meshRuns = runs.Where(r => r.Variant == mesh).OrderBy(r => r.Round).ToList();
        var roundRatios = plainRuns.Zip(meshRuns, (p, m) => m.RequestsPerSecond / p.RequestsPerSecond).ToList();
        return new LoadComparison(
            protocol,
            Rps(plainRuns),
            Rps(meshRuns),
            roundRatios.Min(),
            roundRatios.Max(),
            Merge(plainRuns),
            Merge(meshRuns),
            (double)plainRuns.Sum(r => r.AllocatedBytes) / plainRuns.Sum(r => r.Requests),
            (double)meshRuns.Sum(r => r.AllocatedBytes) / meshRuns.Sum(r => r.Requests),
            plainRuns.Sum(r => r.CpuTime.TotalMicroseconds) / plainRuns.Sum(r => r.Requests),
            meshRuns.Sum(r => r.CpuTime.TotalMicroseconds) / meshRuns.Sum(r => r.Requests),
            plainRuns.Sum(r => r.UpstreamCpuTime.TotalMicroseconds) / plainRuns.Sum(r => r.Requests),
            meshRuns.Sum(r => r.UpstreamCpuTime.TotalMicroseconds) / meshRuns.Sum(r => r.Requests),
            runs.Min(r => r.LoadAverage),
            runs.Max(r => r.LoadAverage));
    }

    public string ToMarkdownRow()
    {
        var (plainP50, meshP50) = (PlainLatency.PercentileMicroseconds(0.50), MeshLatency.PercentileMicroseconds(0.50));
        var (plainP99, meshP99) = (PlainLatency.PercentileMicroseconds(0.99), MeshLatency.PercentileMicroseconds(0.99));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Protocol} | {PlainRps:N0} | {MeshRps:N0} | **{MeshRps / PlainRps:F3}** ({MinRoundRatio:F2}–{MaxRoundRatio:F2}) | {plainP50:F0} → {meshP50:F0} | **{meshP50 - plainP50:F0}** | {plainP99:F0} → {meshP99:F0} | **{meshP99 - plainP99:F0}** | {PlainBytes:N0} → {MeshBytes:N0} | **{MeshBytes - PlainBytes:N0}** | {PlainCpu:F1} → {MeshCpu:F1} | {PlainUpstreamCpu:F1} → {MeshUpstreamCpu:F1} | {MinLoad:F1}–{MaxLoad:F1} |");
    }

    private static double Rps(List<LoadRunResult> runs) => runs.Sum(r => r.Requests) / runs.Sum(r => r.Elapsed.TotalSeconds);

    private static LatencyHistogram Merge(List<LoadRunResult> runs)
    {
        var merged = new LatencyHistogram();
        foreach (var run in runs)
        {
            merged.Add(run.Latency);
        }

        return merged;
    }
}
