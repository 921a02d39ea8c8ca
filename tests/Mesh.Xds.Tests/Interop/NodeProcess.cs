using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Mesh.Xds.Tests.Interop;

/// <summary>
/// A node script from tests/interop run as a child process: stdout is read line by line, stderr is kept
/// for error messages, and the process tree is killed on dispose.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly string _description;

    private NodeProcess(string script, IReadOnlyList<string> args)
    {
        RepositoryPaths.EnsureNodeModules();
        _description = $"node {script} {string.Join(' ', args)}";
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Interop,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Interop, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        if (!_process.Start())
        {
            throw new InvalidOperationException($"Could not start {_description}; is node on PATH?");
        }

        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static NodeProcess Start(string script, params string[] args) => new(script, args);

    /// <summary>Runs a script to its exit and returns its last stdout line as JSON.</summary>
    public static async Task<JsonElement> RunForJsonAsync(TimeSpan timeout, string script, params string[] args)
    {
        using var node = Start(script, args);
        string? last = null;
        await foreach (var line in node.ReadLinesAsync(timeout))
        {
            last = line;
        }

        await node._process.WaitForExitAsync().WaitAsync(timeout);
        if (node._process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"{node._description} exited with {node._process.ExitCode}: {node.StandardError}");
        }

        return JsonDocument.Parse(last).RootElement.Clone();
    }

    /// <summary>Waits for the first stdout line that is a JSON object <paramref name="match"/> accepts.</summary>
    public async Task<JsonElement> WaitForJsonAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        await foreach (var line in ReadLinesAsync(timeout))
        {
            if (line.StartsWith('{'))
            {
                var json = JsonDocument.Parse(line).RootElement.Clone();
                if (match(json))
                {
                    return json;
                }
            }
        }

        throw new InvalidOperationException($"{_description} exited before printing the expected line: {StandardError}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // The process exited between the check and the kill.
        }

        _process.Dispose();
    }

    private async IAsyncEnumerable<string> ReadLinesAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            bool more;
            try
            {
                more = await _lines.Reader.WaitToReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_description} printed nothing expected within {timeout}: {StandardError}");
            }

            if (!more)
            {
                yield break;
            }

            while (_lines.Reader.TryRead(out var line))
            {
                yield return line;
            }
        }
    }
}
