namespace Mesh.Cli.Admin;

/// <summary>One connected xDS client, as <c>GET /clients</c> reports it; <see cref="Replica"/> is set for a client of another replica.</summary>
internal sealed record ClientInfo(
    string NodeId,
    string? Cluster,
    string? UserAgent,
    string? Kind,
    LocalityInfo? Locality,
    string? Peer,
    DateTimeOffset ConnectedAt,
    IReadOnlyList<ResourceTypeInfo> Types,
    string? Replica = null)
{
    /// <summary>One line about the client; one streaming from another mesh-cp replica names that replica's admin address.</summary>
    public string Describe() =>
        $"{NodeId} ({Kind ?? "unknown kind"}, cluster {Cluster ?? "-"}, {UserAgent ?? "unknown agent"}, peer {Peer ?? "-"}{(Replica is { } replica ? ", via replica " + replica : string.Empty)})";
}

/// <summary>Where a client runs.</summary>
internal sealed record LocalityInfo(string? Region, string? Zone, string? SubZone);
