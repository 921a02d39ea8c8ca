using Mesh.ControlPlane.Translation;
using Mesh.Testing;

namespace Mesh.Bench.Ads;

/// <summary>
/// One measurement at one client count against a fresh mesh-cp: connect N simulated clients until
/// every one is in sync, read mesh-cp's memory, change the route weights on disk and time each
/// client's ACK of the new RouteConfiguration.
/// </summary>
internal sealed class AdsScaleRun(AdsScaleOptions options, EchoConfigDirectory config, TimeProvider timeProvider)
{
    // Lets startup work (JIT, the first translation) or setup traffic finish before memory is read.
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    public async Task<AdsScaleResult> RunAsync(int clientCount, CancellationToken cancellationToken)
    {
        config.WriteSplit(80, 20);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(config.ConfigPath);
        var processId = controlPlane.Process.Id;
        await Task.Delay(SettleTime, timeProvider, cancellationToken);
        var rssBefore = await ProcessUsage.ReadResidentBytesAsync(processId, cancellationToken);

        var xdsAddress = new Uri($"http://{controlPlane.XdsAddress}");
        var clients = new SimulatedXdsClient[clientCount];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = new SimulatedXdsClient(xdsAddress, i, timeProvider);
        }

        var failures = new FailureTally();
        try
        {
            var setupStarted = timeProvider.GetTimestamp();
            var cpuBeforeSetup = ProcessUsage.ReadCpuTime(processId);
            await ConnectAllAsync(clients, failures, cancellationToken);
            var setupTime = timeProvider.GetElapsedTime(setupStarted);
            var setupCpu = ProcessUsage.ReadCpuTime(processId) - cpuBeforeSetup;
            var synced = clients.Where(c => c.Synced.IsCompletedSuccessfully).ToArray();
            Progress($"{clientCount} clients: {synced.Length} in sync after {setupTime.TotalSeconds:F2} s");

            await Task.Delay(SettleTime, timeProvider, cancellationToken);
            var rssAfter = await ProcessUsage.ReadResidentBytesAsync(processId, cancellationToken);

            var load = await SystemLoad.ReadOneMinuteAsync(cancellationToken);
            var cpuBeforeChange = ProcessUsage.ReadCpuTime(processId);
            var clientCpuBeforeChange = ProcessUsage.ReadCpuTime(Environment.ProcessId);
            var routeAck = await MeasureRouteChangeAsync(synced, failures, cancellationToken);
            var changeCpu = ProcessUsage.ReadCpuTime(processId) - cpuBeforeChange;
            var clientChangeCpu = ProcessUsage.ReadCpuTime(Environment.ProcessId) - clientCpuBeforeChange;
            var view = await ControlPlaneView.ReadAsync(controlPlane, TypeUrls.RouteConfiguration);
            Progress($"{clientCount} clients: {routeAck.Count} ACKed the new routes; mesh-cp /clients shows {view.Connected} connected, {view.InSync} in sync on routes");
            if (options.Hold > TimeSpan.Zero)
            {
                Progress($"{clientCount} clients: holding them connected for {options.Hold.TotalSeconds:F0} s; mesh-cp is pid {processId}, admin http://{controlPlane.AdminAddress}/");
                await Task.Delay(options.Hold, timeProvider, cancellationToken);
            }

            return new AdsScaleResult(clientCount, synced.Length, setupTime, routeAck, rssBefore, rssAfter, setupCpu, changeCpu, clientChangeCpu, load, failures.Snapshot());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"# {message}");

    private async Task ConnectAllAsync(SimulatedXdsClient[] clients, FailureTally failures, CancellationToken cancellationToken)
    {
        // A slot is held until its client is in sync, so at most ConnectConcurrency handshakes are in flight.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(clients, parallel, async (client, token) =>
        {
            try
            {
                await client.StartAsync(token);
                await client.Synced.WaitAsync(options.Timeout, timeProvider, token);
            }
            catch (Exception error) when (!token.IsCancellationRequested)
            {
                failures.Add("setup", error);
            }
        });
    }

    private async Task<LatencySummary> MeasureRouteChangeAsync(SimulatedXdsClient[] clients, FailureTally failures, CancellationToken cancellationToken)
    {
        var acks = clients.Select(c => c.WaitForRouteChangeAsync()).ToArray();
        config.WriteSplit(50, 50);
        var written = timeProvider.GetTimestamp();
        try
        {
            await Task.WhenAll(acks).WaitAsync(options.Timeout, timeProvider, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Counted per client below: a failed or late client simply has no latency.
        }

        var latencies = new List<double>(acks.Length);
        foreach (var ack in acks)
        {
            if (ack.IsCompletedSuccessfully)
            {
                latencies.Add(timeProvider.GetElapsedTime(written, ack.Result).TotalMilliseconds);
            }
            else
            {
                failures.Add("route change", ack.Exception?.InnerException ?? new TimeoutException($"No ACK of the new routes within {options.Timeout}."));
            }
        }

        return LatencySummary.From(latencies);
    }
}
