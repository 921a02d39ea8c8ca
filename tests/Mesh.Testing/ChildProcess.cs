using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Mesh.Testing;

/// <summary>
/// A process started by a test: its output lines are collected and can be awaited, stdin can be
/// written, and the whole process tree is killed on dispose so nothing outlives the test.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _transcript = new();
    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A short name used in failure messages.</summary>
    public string Name { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.Signal();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts a node script from the interop folder.</summary>
    public static ChildProcess StartNode(string name, string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = RepoPaths.RequireInteropPackages();
        return Start(name, "node", [Path.Combine(folder, script), .. arguments], folder, environment);
    }

    /// <summary>Runs a node script from the interop folder to its exit and returns the last JSON object it printed.</summary>
    public static async Task<JsonElement> RunNodeForJsonAsync(TimeSpan timeout, string script, params string[] arguments)
    {
        await using var node = StartNode(script, script, arguments);
        var exitCode = await node.WaitForExitAsync(timeout);
        string? last;
        lock (node._gate)
        {
            last = node._lines.LastOrDefault(l => l.StartsWith('{'));
        }

        if (exitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"node {script} exited with {exitCode}. Output:\n{node.Transcript}");
        }

        return JsonDocument.Parse(last).RootElement.Clone();
    }

    /// <summary>Waits for the first JSON object line (from <paramref name="skip"/> on) that <paramref name="match"/> accepts.</summary>
    public async Task<JsonElement> WaitForJsonAsync(Func<JsonElement, bool> match, TimeSpan timeout, int skip = 0)
    {
        var (line, _) = await WaitForLineAsync(l => l.StartsWith('{') && match(ParseJson(l)), timeout, skip);
        return ParseJson(line);
    }

    /// <summary>Writes one line to the process's stdin.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the first output line (from <paramref name="skip"/> on) that satisfies <paramref name="match"/>.</summary>
    public async Task<(string Line, int Index)> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        using var cts = new CancellationTokenSource(timeout);
        var next = skip;
        while (true)
        {
            Task waitForMore;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (match(_lines[next]))
                    {
                        return (_lines[next], next);
                    }
                }

                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before printing the expected line. Output:\n{_transcript}");
                }

                waitForMore = _lineAdded.Task;
            }

            try
            {
                await waitForMore.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} did not print the expected line within {timeout}. Output:\n{Transcript}");
            }
        }
    }

    /// <summary>The number of output lines so far; pass it as <c>skip</c> to wait only for later lines.</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}. Output:\n{Transcript}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process tree.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Kill();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Leave it to the OS; the kill was sent.
        }

        _process.Dispose();
    }

    private static JsonElement ParseJson(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Add(line);
            _transcript.Append('[').Append(Name).Append("] ").AppendLine(line);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _lineAdded;
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }
}
