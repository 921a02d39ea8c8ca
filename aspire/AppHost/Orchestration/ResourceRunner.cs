using System.Diagnostics;
using AppHost.Hosting;
using AppHost.Terminal;

namespace AppHost.Orchestration;

/// <summary>
/// Runs one resource: waits for its dependencies, starts <c>dotnet x.dll</c> (or its own executable), probes its health, restarts it
/// with backoff when it crashes, and kills its process tree when the AppHost stops.
/// </summary>
internal sealed class ResourceRunner
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRestartDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly ProjectResource _resource;
    private readonly string? _dll;
    private readonly int _colour;
    private readonly ConsoleOutput _output;
    private readonly HealthProbe _probe;
    private readonly TimeProvider _time;
    private readonly Action _stateChanged;
    private readonly TaskCompletionSource _firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private int? _pid;

    public ResourceRunner(ProjectResource resource, string? dll, int colour, ConsoleOutput output, HealthProbe probe, TimeProvider time, Action stateChanged)
    {
        _resource = resource;
        _dll = dll;
        _colour = colour;
        _output = output;
        _probe = probe;
        _time = time;
        _stateChanged = stateChanged;
    }

    public ProjectResource Resource => _resource;

    public ResourceState State { get; private set; } = ResourceState.Waiting;

    /// <summary>Completes the first time the resource is healthy; dependents wait on it.</summary>
    public Task FirstHealthy => _firstHealthy.Task;

    public int Restarts { get; private set; }

    public ResourceSnapshot Snapshot() => new(
        _resource.Name,
        string.Join(' ', _resource.Endpoints.Where(e => e.Name != "xds").Select(e => e.Url)),
        State,
        State is ResourceState.Starting or ResourceState.Healthy ? _pid : null,
        Restarts);

    public async Task RunAsync(IReadOnlyList<ResourceRunner> dependencies, CancellationToken stopping)
    {
        try
        {
            await Task.WhenAll(dependencies.Select(d => d.FirstHealthy)).WaitAsync(stopping);
            var delay = FirstRestartDelay;
            while (true)
            {
                foreach (var prepare in _resource.BeforeStart)
                {
                    await prepare(stopping);
                }

                var exited = Start();
                if (await WaitHealthyAsync(exited, stopping))
                {
                    SetState(ResourceState.Healthy, "healthy");
                    _firstHealthy.TrySetResult();
                    delay = FirstRestartDelay;
                }

                await exited.WaitAsync(stopping);

                // Ctrl+C in a terminal signals the whole process group, so a child may exit just before we learn we are stopping.
                stopping.ThrowIfCancellationRequested();
                SetState(ResourceState.Crashed, $"exited with code {_process!.ExitCode}; restarting in {delay.TotalSeconds:0} s");
                await Task.Delay(delay, _time, stopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRestartDelay.Ticks));
                Restarts++;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await StopAsync();
        }
    }

    private Task<bool> WaitHealthyAsync(Task exited, CancellationToken stopping) =>
        _resource.HealthPath is null
            ? Task.FromResult(true)
            : _probe.WaitHealthyAsync(_resource.GetEndpoint(_resource.HealthEndpoint).ProbeUrl + _resource.HealthPath, exited, stopping);

    private Task Start()
    {
        var info = new ProcessStartInfo(_resource.Executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_resource.ProjectPath)!,
        };
        if (_dll is not null)
        {
            info.ArgumentList.Add(_dll);
        }

        foreach (var arg in _resource.Args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in ServiceDefaults.Environment)
        {
            info.Environment[name] = value;
        }

        foreach (var (name, value) in _resource.Environment)
        {
            info.Environment[name] = value;
        }

        _process?.Dispose();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _pid = process.Id;
        SetState(ResourceState.Starting, $"started: pid {process.Id}");
        return process.WaitForExitAsync(CancellationToken.None);
    }

    private async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            SetState(ResourceState.Stopped, "stopped before it started");
            return;
        }

        SetState(ResourceState.Stopping, $"stopping: killing the process tree of pid {process.Id}");
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited by itself (Ctrl+C reaches the whole terminal process group).
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            SetState(ResourceState.Stopped, $"stopped (pid {process.Id} exited with code {process.ExitCode})");
        }
        catch (OperationCanceledException)
        {
            SetState(ResourceState.Stopping, $"pid {process.Id} did not exit within {StopTimeout.TotalSeconds:0} s of being killed; check it with 'ps -p {process.Id}'");
        }

        process.Dispose();
    }

    private void WriteLog(string? line)
    {
        if (line is not null)
        {
            _output.WriteLog(_resource.Name, _colour, line);
        }
    }

    private void SetState(ResourceState state, string message)
    {
        State = state;
        _output.WriteEvent($"{_resource.Name} {message}");
        _stateChanged();
    }
}
