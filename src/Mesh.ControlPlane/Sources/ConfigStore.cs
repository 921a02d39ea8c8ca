using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources;

/// <summary>
/// Holds the last good config and the last rejection. A rejected config never replaces the good one;
/// an accepted config whose content version is unchanged is not announced again.
/// </summary>
internal sealed class ConfigStore
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private AcceptedConfig? _current;
    private RejectedConfig? _lastRejection;

    public ConfigStore(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Raised after a config with a new content version is accepted and before it becomes
    /// <see cref="Current"/>, so anyone who sees a version on the admin API can rely on it being served.
    /// Handlers must be quick and must not call back into the store.
    /// </summary>
    public event Action<AcceptedConfig>? Accepted;

    public AcceptedConfig? Current => Volatile.Read(ref _current);

    public RejectedConfig? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>
    /// What the served config leaves out and why: objects a source skipped while serving the rest (a bad
    /// Kubernetes object), each as <c>where: field: message</c>. Empty when nothing is left out.
    /// </summary>
    public ImmutableArray<string> Skipped { get; private set; } = [];

    /// <summary>Records what the source left out of the config it last applied.</summary>
    public void ReportSkipped(IEnumerable<ConfigError> skipped) => Skipped = [.. skipped.Select(e => e.ToString())];

    /// <summary>Applies a load result: accepts its config or records its errors. Returns true when the served config changed.</summary>
    public bool Apply(ConfigLoadResult result)
    {
        lock (_gate)
        {
            if (result.Config is null)
            {
                _lastRejection = new RejectedConfig(result.Errors, _timeProvider.GetUtcNow());
                return false;
            }

            _lastRejection = null;
            var version = ConfigVersion.Compute(result.Config);
            if (_current is not null && _current.Version == version)
            {
                _current = _current with { Files = result.Files };
                return false;
            }

            var accepted = new AcceptedConfig(result.Config, version, _timeProvider.GetUtcNow(), result.Files);
            Accepted?.Invoke(accepted);
            Volatile.Write(ref _current, accepted);
        }

        return true;
    }
}
