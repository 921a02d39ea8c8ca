namespace Mesh.Cli.Admin;

/// <summary>One client's exchange for one resource type.</summary>
internal sealed record ResourceTypeInfo(
    string TypeUrl,
    IReadOnlyList<string> Subscribed,
    string? LastSentVersion,
    string? LastSentNonce,
    string? AckedVersion,
    bool InSync,
    NackInfo? LastNack)
{
    /// <summary>The type's short name: <c>Listener</c> for <c>type.googleapis.com/envoy.config.listener.v3.Listener</c>.</summary>
    public string ShortType => TypeUrl[(TypeUrl.LastIndexOf('.') + 1)..];

    public string State => InSync ? "in sync" : LastSentVersion is null ? "waiting" : "stale";
}

/// <summary>A response the client rejected and its error text.</summary>
internal sealed record NackInfo(string Version, string? Nonce, string Error, DateTimeOffset At);
