namespace Mesh.Cli.Admin;

/// <summary>One connected xDS client, as <c>GET /clients</c> reports it.</summary>
internal sealed record ClientInfo(
    string NodeId,
    string? Cluster,
    string? UserAgent,
    string? Kind,
    LocalityInfo? Locality,
    string? Peer,
    DateTimeOffset ConnectedAt,
    IReadOnlyList<ResourceTypeInfo> Types)
{
    public string Describe() => $"{NodeId} ({Kind ?? "unknown kind"}, cluster {Cluster ?? "-"}, {UserAgent ?? "unknown agent"}, peer {Peer ?? "-"})";
}

/// <summary>Where a client runs.</summary>
internal sealed record LocalityInfo(string? Region, string? Zone, string? SubZone);
