using System.Globalization;

namespace Mesh.Bench.Sdk.Load;

/// <summary>One variant against a baseline over all rounds of one protocol: throughput ratio and added latency, bytes and CPU per request.</summary>
internal sealed record LoadComparison(
    string Protocol,
    string Baseline,
    string Candidate,
    double BaselineRps,
    double CandidateRps,
    double MinRoundRatio,
    double MaxRoundRatio,
    LatencyHistogram BaselineLatency,
    LatencyHistogram CandidateLatency,
    double BaselineBytes,
    double CandidateBytes,
    double BaselineCpu,
    double CandidateCpu,
    double BaselineUpstreamCpu,
    double CandidateUpstreamCpu,
    double MinLoad,
    double MaxLoad)
{
    public const string MarkdownHeader = """
        | protocol | baseline → variant | RPS | ratio (rounds) | p50 (µs) | added p50 (µs) | p99 (µs) | added p99 (µs) | allocated B/req | added B/req | client CPU µs/req | upstream CPU µs/req | load avg |
        |---|---|---|---|---|--:|---|--:|---|--:|---|---|---|
        """;

    public static LoadComparison From(string protocol, IReadOnlyList<LoadRunResult> runs, string baseline, string candidate)
    {
        runs = runs.Where(r => r.Variant == baseline || r.Variant == candidate).ToList();
        var baselineRuns = runs.Where(r => r.Variant == baseline).OrderBy(r => r.Round).ToList();
        var candidateRuns = runs.Where(r => r.Variant == candidate).OrderBy(r => r.Round).ToList();
        var roundRatios = baselineRuns.Zip(candidateRuns, (p, m) => m.RequestsPerSecond / p.RequestsPerSecond).ToList();
        return new LoadComparison(
            protocol,
            baseline,
            candidate,
            Rps(baselineRuns),
            Rps(candidateRuns),
            roundRatios.Min(),
            roundRatios.Max(),
            Merge(baselineRuns),
            Merge(candidateRuns),
            (double)baselineRuns.Sum(r => r.AllocatedBytes) / baselineRuns.Sum(r => r.Requests),
            (double)candidateRuns.Sum(r => r.AllocatedBytes) / candidateRuns.Sum(r => r.Requests),
            baselineRuns.Sum(r => r.CpuTime.TotalMicroseconds) / baselineRuns.Sum(r => r.Requests),
            candidateRuns.Sum(r => r.CpuTime.TotalMicroseconds) / candidateRuns.Sum(r => r.Requests),
            baselineRuns.Sum(r => r.UpstreamCpuTime.TotalMicroseconds) / baselineRuns.Sum(r => r.Requests),
            candidateRuns.Sum(r => r.UpstreamCpuTime.TotalMicroseconds) / candidateRuns.Sum(r => r.Requests),
            runs.Min(r => r.LoadAverage),
            runs.Max(r => r.LoadAverage));
    }

    public string ToMarkdownRow()
    {
        var (baselineP50, candidateP50) = (BaselineLatency.PercentileMicroseconds(0.50), CandidateLatency.PercentileMicroseconds(0.50));
        var (baselineP99, candidateP99) = (BaselineLatency.PercentileMicroseconds(0.99), CandidateLatency.PercentileMicroseconds(0.99));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Protocol} | {Baseline} → {Candidate} | {BaselineRps:N0} → {CandidateRps:N0} | **{CandidateRps / BaselineRps:F3}** ({MinRoundRatio:F2}–{MaxRoundRatio:F2}) | {baselineP50:F0} → {candidateP50:F0} | **{candidateP50 - baselineP50:F0}** | {baselineP99:F0} → {candidateP99:F0} | **{candidateP99 - baselineP99:F0}** | {BaselineBytes:N0} → {CandidateBytes:N0} | **{CandidateBytes - BaselineBytes:N0}** | {BaselineCpu:F1} → {CandidateCpu:F1} | {BaselineUpstreamCpu:F1} → {CandidateUpstreamCpu:F1} | {MinLoad:F1}–{MaxLoad:F1} |");
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
