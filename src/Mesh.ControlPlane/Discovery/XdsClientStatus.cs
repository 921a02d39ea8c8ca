using System.Text.Json.Serialization;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>A connected xDS client as the admin API shows it; an immutable copy.</summary>
/// <param name="Id">The stream's id, unique in this process.</param>
/// <param name="NodeId">The client's <c>node.id</c>.</param>
/// <param name="Cluster">The client's <c>node.cluster</c>.</param>
/// <param name="UserAgent">The client's user agent name and version.</param>
/// <param name="Kind">The kind of client, which decides the resources it gets.</param>
/// <param name="Locality">The client's locality, when it reports one.</param>
/// <param name="Peer">The client's address.</param>
/// <param name="ConnectedAt">When the stream opened.</param>
/// <param name="Types">The exchange per type URL.</param>
/// <param name="Replica">The admin address of the peer replica the client streams from; absent for this replica's own clients.</param>
internal sealed record XdsClientStatus(
    long Id,
    string NodeId,
    string Cluster,
    string UserAgent,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ClientKind>))] ClientKind Kind,
    XdsLocality? Locality,
    string Peer,
    DateTimeOffset ConnectedAt,
    IReadOnlyList<XdsTypeStatus> Types,
    string? Replica = null);
