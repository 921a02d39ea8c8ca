namespace Mesh.Cli.Admin;

/// <summary>What <c>GET /config</c> says about the served config (the resources themselves are left out).</summary>
internal sealed record ConfigInfo(
    string? Environment,
    string? Version,
    DateTimeOffset? AcceptedAt,
    IReadOnlyList<string>? Files,
    RejectionInfo? LastRejection);

/// <summary>The last refused config edit.</summary>
internal sealed record RejectionInfo(DateTimeOffset RejectedAt, IReadOnlyList<string> Errors);
