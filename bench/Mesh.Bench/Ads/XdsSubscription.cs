namespace Mesh.Bench.Ads;

/// <summary>What a simulated client asked for of one resource type and what it last accepted.</summary>
internal sealed class XdsSubscription(string typeUrl, IReadOnlyList<string> names)
{
    public string TypeUrl { get; } = typeUrl;

    public IReadOnlyList<string> Names { get; set; } = names;

    /// <summary>The version of the last response ACKed; null before the first.</summary>
    public string? AckedVersion { get; set; }

    /// <summary>The nonce of the last response received, which the next request for this type must carry.</summary>
    public string LastNonce { get; set; } = string.Empty;
}
