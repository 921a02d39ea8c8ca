using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources;

/// <summary>
/// Loads mesh config from a directory and reloads it when any file below changes. Bursts of file
/// events (an editor's save, a git checkout) are coalesced into one reload after a short quiet period.
/// </summary>
internal sealed partial class DirectoryConfigSource : IConfigSource, IDisposable
{
    /// <summary>How long the directory must be quiet before a reload; well inside the 1 s push budget.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(150);

    private readonly string _directory;
    private readonly string? _environment;
    private readonly MeshConfigLoader _loader;
    private readonly ConfigStore _store;
    private readonly ILogger<DirectoryConfigSource> _logger;
    private readonly ITimer _debounce;
    private readonly Lock _reloadGate = new();
    private FileSystemWatcher? _watcher;

    public DirectoryConfigSource(
        string directory,
        string? environment,
        MeshConfigLoader loader,
        ConfigStore store,
        TimeProvider timeProvider,
        ILogger<DirectoryConfigSource> logger)
    {
        _directory = directory;
        _environment = environment;
        _loader = loader;
        _store = store;
        _logger = logger;
        _debounce = timeProvider.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public string Description => _directory;

    /// <inheritdoc/>
    public Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        if (!Reload())
        {
            return Task.FromResult(false);
        }

        StartWatching();
        return Task.FromResult(true);
    }

    /// <summary>Loads the directory once and applies the result to the store; false when it was rejected.</summary>
    public bool Reload()
    {
        lock (_reloadGate)
        {
            var result = _loader.Load(_directory, _environment);
            var changed = _store.Apply(result);
            if (result.Config is null)
            {
                Log.ConfigRejected(_logger, _directory, result.Errors.Length);
                foreach (var error in result.Errors)
                {
                    Log.ConfigError(_logger, error.ToString());
                }
            }
            else if (changed)
            {
                Log.ConfigAccepted(_logger, _directory, _store.Current!.Version, result.Files.Length);
            }

            return result.Config is not null;
        }
    }

    /// <summary>Starts watching the directory for changes.</summary>
    public void StartWatching()
    {
        var watcher = new FileSystemWatcher(_directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += OnChanged;
        watcher.Created += OnChanged;
        watcher.Deleted += OnChanged;
        watcher.Renamed += OnChanged;
        watcher.Error += OnError;
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e) =>
        _debounce.Change(QuietPeriod, Timeout.InfiniteTimeSpan);

    private void OnError(object sender, ErrorEventArgs e)
    {
        Log.WatchFailed(_logger, _directory, e.GetException());
        _debounce.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Config in {Directory} accepted as version {Version} ({FileCount} files); pushing it to connected clients")]
        public static partial void ConfigAccepted(ILogger logger, string directory, string version, int fileCount);

        [LoggerMessage(2, LogLevel.Error, "Config in {Directory} rejected with {ErrorCount} errors; the previous config keeps serving")]
        public static partial void ConfigRejected(ILogger logger, string directory, int errorCount);

        [LoggerMessage(3, LogLevel.Error, "  {Error}")]
        public static partial void ConfigError(ILogger logger, string error);

        [LoggerMessage(4, LogLevel.Warning, "Watching {Directory} failed; reloading it now to catch up")]
        public static partial void WatchFailed(ILogger logger, string directory, Exception exception);
    }
}
