namespace Mesh.ControlPlane.Discovery;

/// <summary>A NACK kept after its client disconnects, for the admin API.</summary>
/// <param name="NodeId">The rejecting client's node id.</param>
/// <param name="TypeUrl">The type URL of the rejected response.</param>
/// <param name="Nack">What was rejected, why and when.</param>
internal sealed record XdsRecentNack(string NodeId, string TypeUrl, XdsNack Nack);
