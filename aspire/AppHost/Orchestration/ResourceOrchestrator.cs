using System.Diagnostics;
using System.Runtime.InteropServices;
using AppHost.Hosting;
using AppHost.Terminal;

namespace AppHost.Orchestration;

/// <summary>Starts every resource in dependency order, reports their states, and stops them all on Ctrl+C or SIGTERM.</summary>
internal sealed class ResourceOrchestrator(
    IReadOnlyList<ProjectResource> resources, AppHostEnvironment environment, ProjectOutputs outputs, ConsoleOutput output, TimeProvider time)
{
    private readonly Lock _gate = new();
    private List<ResourceRunner> _runners = [];
    private bool _allHealthy;
    private bool _stopping;

    public async Task<int> RunAsync()
    {
        var started = Stopwatch.StartNew();
        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stopping));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stopping));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var probe = new HealthProbe(http, time);

        _runners = [.. resources.Select((r, i) => new ResourceRunner(r, r.Executable is null ? outputs.DllFor(r.ProjectPath) : null, i, output, probe, time, OnStateChanged))];
        output.WriteEvent($"apphost pid {Environment.ProcessId}: starting {_runners.Count} resources for environment '{environment.EnvironmentName}'; Ctrl+C stops them all");

        var runs = _runners.Select(r => r.RunAsync(DependenciesOf(r), stopping.Token)).ToList();
        _ = ReportAllHealthyAsync(started, stopping.Token);
        await Task.WhenAll(runs);

        var left = _runners.Count(r => r.State != ResourceState.Stopped);
        output.WriteEvent(left == 0
            ? $"stopped all {_runners.Count} resources; no process left behind"
            : $"{left} resources did not stop; see the lines above");
        return left == 0 ? 0 : 1;
    }

    private void Stop(PosixSignalContext context, CancellationTokenSource stopping)
    {
        // Handle the signal ourselves: the process trees must be killed before the AppHost exits.
        context.Cancel = true;
        lock (_gate)
        {
            _stopping = true;
        }

        stopping.Cancel();
    }

    private List<ResourceRunner> DependenciesOf(ResourceRunner runner) =>
        [.. runner.Resource.WaitsFor.Select(dependency => _runners.Single(r => r.Resource == dependency))];

    private async Task ReportAllHealthyAsync(Stopwatch started, CancellationToken stopping)
    {
        try
        {
            await Task.WhenAll(_runners.Select(r => r.FirstHealthy)).WaitAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            _allHealthy = true;
        }

        output.WriteTable([.. _runners.Select(r => r.Snapshot())]);
        output.WriteEvent($"all services healthy in {started.Elapsed.TotalSeconds:0.0} s");
    }

    private void OnStateChanged()
    {
        bool reprint;
        lock (_gate)
        {
            reprint = _allHealthy && !_stopping;
        }

        // Before everything is up, and while stopping, the event lines tell the story; in between every change reprints the table.
        if (reprint)
        {
            output.WriteTable([.. _runners.Select(r => r.Snapshot())]);
        }
    }
}
