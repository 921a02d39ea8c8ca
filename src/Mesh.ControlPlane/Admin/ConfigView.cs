using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Admin;

/// <summary>The <c>GET /config</c> document: what is served, and what was last refused and why.</summary>
internal sealed record ConfigView(
    string? Environment,
    string? Version,
    DateTimeOffset? AcceptedAt,
    ImmutableArray<string> Files,
    RejectionView? LastRejection,
    MeshConfig? Config)
{
    /// <summary>Objects left out of the served config and why (Kubernetes source); null when none.</summary>
    public ImmutableArray<string>? Skipped { get; init; }

    public static ConfigView From(ConfigStore store)
    {
        var current = store.Current;
        var rejection = store.LastRejection;
        return new ConfigView(
            current?.Config.Environment,
            current?.Version,
            current?.AcceptedAt,
            current?.Files ?? [],
            rejection is null ? null : new RejectionView(rejection.RejectedAt, rejection.Errors.Select(e => e.ToString()).ToImmutableArray()),
            current?.Config)
        {
            Skipped = store.Skipped.IsEmpty ? null : store.Skipped,
        };
    }
}

/// <summary>A rejected config's errors, each as <c>file:line:column: field: message</c>.</summary>
internal sealed record RejectionView(DateTimeOffset RejectedAt, ImmutableArray<string> Errors);
