using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// Holds the current mesh config for the ADS server. Publishing swaps one snapshot reference and wakes
/// sessions; each session diffs what it would send against what it sent, so an equal config sends nothing.
/// </summary>
internal sealed class XdsSnapshotCache
{
    private readonly Func<MeshConfig, ClientKind, XdsResourceSet> _translate;
    private readonly ILogger<XdsSnapshotCache> _logger;
    private readonly Lock _publishLock = new();
    private XdsSnapshot _current;

    public XdsSnapshotCache(Func<MeshConfig, ClientKind, XdsResourceSet> translate, ILogger<XdsSnapshotCache> logger)
    {
        ArgumentNullException.ThrowIfNull(translate);
        ArgumentNullException.ThrowIfNull(logger);
        _translate = translate;
        _logger = logger;
        _current = XdsSnapshot.Initial(translate);
    }

    /// <summary>The latest snapshot; sessions await its <see cref="XdsSnapshot.Superseded"/> for the next one.</summary>
    public XdsSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="config"/> current and wakes every session; never waits for them.</summary>
    public void Publish(MeshConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        XdsSnapshot previous;
        XdsSnapshot next;
        lock (_publishLock)
        {
            previous = _current;
            next = previous.Next(config, _translate);
            Volatile.Write(ref _current, next);
        }

        previous.MarkSuperseded();
        Log.ConfigPublished(_logger, next.Generation, config.Environment);
    }
}
