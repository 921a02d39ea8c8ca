namespace Mesh.ControlPlane.Discovery;

/// <summary>One client's exchange for one type URL.</summary>
/// <param name="TypeUrl">The resource type URL.</param>
/// <param name="Subscribed">The subscribed names, or <c>*</c> for every resource of the type.</param>
/// <param name="LastSentVersion">The version of the last response sent; null before the first.</param>
/// <param name="LastSentNonce">The nonce of the last response sent.</param>
/// <param name="AckedVersion">The last version the client accepted.</param>
/// <param name="LastNack">The last response the client rejected, if any.</param>
internal sealed record XdsTypeStatus(
    string TypeUrl,
    IReadOnlyList<string> Subscribed,
    string? LastSentVersion,
    string? LastSentNonce,
    string? AckedVersion,
    XdsNack? LastNack)
{
    /// <summary>True when the client accepted the last version sent.</summary>
    public bool InSync => LastSentVersion is not null && AckedVersion == LastSentVersion;
}
