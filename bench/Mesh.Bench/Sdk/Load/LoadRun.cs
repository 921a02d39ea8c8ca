using System.Diagnostics;
using Mesh.Bench.Ads;

namespace Mesh.Bench.Sdk.Load;

/// <summary>
/// Closed-loop load from one <see cref="HttpClient"/>: a number of loops each sending its next GET as soon as
/// the last one's body is read, timing every call into its own histogram. A <c>hostHeader</c> sets <c>Host</c>
/// on every request, as the mesh handler does, to tell that cost apart from the handler's own. Allocation and CPU figures cover
/// the whole client process, since the handlers' work runs on pool threads; the upstream's CPU is read too,
/// because on a saturated machine throughput follows client plus upstream CPU per request.
/// </summary>
internal sealed class LoadRun(HttpClient client, Uri uri, Version version, int concurrency, int upstreamProcessId, string? hostHeader = null)
{
    public async Task WarmUpAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        await RunLoopsAsync(Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency), cancellationToken);

    public async Task<LoadRunResult> MeasureAsync(string protocol, string variant, int round, TimeSpan duration, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var loadAverage = await SystemLoad.ReadOneMinuteAsync(cancellationToken);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = ProcessUsage.ReadCpuTime(Environment.ProcessId);
        var upstreamCpuBefore = ProcessUsage.ReadCpuTime(upstreamProcessId);
        var start = Stopwatch.GetTimestamp();
        var loops = await RunLoopsAsync(start + (long)(duration.TotalSeconds * Stopwatch.Frequency), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpu = ProcessUsage.ReadCpuTime(Environment.ProcessId) - cpuBefore;
        var upstreamCpu = ProcessUsage.ReadCpuTime(upstreamProcessId) - upstreamCpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var latency = new LatencyHistogram();
        var errors = 0L;
        foreach (var loop in loops)
        {
            latency.Add(loop.Latency);
            errors += loop.Errors;
        }

        return new LoadRunResult(protocol, variant, round, latency.Count + errors, errors, elapsed, latency, allocated, cpu, upstreamCpu, loadAverage);
    }

    private async Task<LoopTally[]> RunLoopsAsync(long deadline, CancellationToken cancellationToken)
    {
        var loops = new Task<LoopTally>[concurrency];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => LoopAsync(deadline, cancellationToken), cancellationToken);
        }

        return await Task.WhenAll(loops);
    }

    private async Task<LoopTally> LoopAsync(long deadline, CancellationToken cancellationToken)
    {
        var tally = new LoopTally();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            if (hostHeader is not null)
            {
                request.Headers.Host = hostHeader;
            }

            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode && response.Version == version)
                {
                    tally.Latency.RecordTicks(Stopwatch.GetTimestamp() - start);
                }
                else
                {
                    tally.Errors++;
                }
            }
            catch (HttpRequestException)
            {
                tally.Errors++;
            }
        }

        return tally;
    }

    private sealed class LoopTally
    {
        public LatencyHistogram Latency { get; } = new();

        public long Errors { get; set; }
    }
}
