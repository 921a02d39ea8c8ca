namespace Mesh.Sdk.Tests.Xds;

/// <summary>A logger that keeps every message, so tests can wait for and read what the client logged.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public int Count(string fragment) => Lines.Count(line => line.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="fragment"/> has been logged at least <paramref name="times"/> times.</summary>
    public async Task WaitForAsync(string fragment, TimeSpan timeout, int times = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count(fragment) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{fragment}' was not logged {times} time(s) within {timeout}. Log:\n{string.Join("\n", Lines)}");
            }

            await Task.Delay(20);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
