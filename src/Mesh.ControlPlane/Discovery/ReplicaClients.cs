using Mesh.ControlPlane.Hosting;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// The xDS clients of every replica. A client streams from one replica, so with several replicas each knows part
/// of them; <c>GET /clients</c> (and so <c>mesh status</c>, <c>mesh check</c> and the dashboard) adds every peer's
/// own clients (<c>GET /clients/local</c>), each marked with the replica it is connected to. A peer that does not
/// answer is logged and left out.
/// </summary>
internal sealed class ReplicaClients
{
    public const string LocalPath = "/clients/local";

    private readonly XdsClientRegistry _registry;
    private readonly ReplicaPeers _peers;
    private readonly ILogger _logger;

    public ReplicaClients(XdsClientRegistry registry, ReplicaPeers peers, ILogger<ReplicaClients> logger)
    {
        _registry = registry;
        _peers = peers;
        _logger = logger;
    }

    /// <summary>This replica's own clients (<c>GET /clients/local</c>).</summary>
    public LocalClients Local() => new(_peers.Replica, _registry.Snapshot());

    /// <summary>Every replica's clients, ordered by node id then connection time; without peers, this replica's alone.</summary>
    public async Task<IReadOnlyList<XdsClientStatus>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var clients = _registry.Snapshot();
        if (_peers.IsEmpty)
        {
            return clients;
        }

        var all = new List<XdsClientStatus>(clients);
        foreach (var answer in await _peers.CallAllAsync<LocalClients>(LocalPath, null, cancellationToken).ConfigureAwait(false))
        {
            if (answer.Value is not { } remote)
            {
                Log.PeerClientsUnread(_logger, answer.ToString());
            }
            else
            {
                all.AddRange(remote.Clients.Select(client => client with { Replica = answer.Address }));
            }
        }

        all.Sort(static (a, b) =>
        {
            var byNode = string.CompareOrdinal(a.NodeId, b.NodeId);
            return byNode != 0 ? byNode : a.ConnectedAt.CompareTo(b.ConnectedAt);
        });
        return all;
    }
}

/// <summary>The <c>GET /clients/local</c> document: one replica's own clients, and its ID so it can skip itself.</summary>
internal sealed record LocalClients(string Replica, IReadOnlyList<XdsClientStatus> Clients) : IReplicaDocument;
