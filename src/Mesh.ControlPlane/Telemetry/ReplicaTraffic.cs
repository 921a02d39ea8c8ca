using System.Collections.Immutable;
using Mesh.ControlPlane.Hosting;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// Golden metrics over every replica. A client reports its load to the one replica its stream reaches, so with
/// several replicas each holds part of the traffic. <c>GET /stats</c> and the dashboard ask each peer for its own
/// series (<c>GET /stats/local</c>) and merge them; a peer that does not answer is named in the result and left
/// out.
/// </summary>
internal sealed class ReplicaTraffic
{
    public const string LocalPath = "/stats/local";

    private readonly TrafficStore _store;
    private readonly ReplicaPeers _peers;

    public ReplicaTraffic(TrafficStore store, ReplicaPeers peers)
    {
        _store = store;
        _peers = peers;
    }

    /// <summary>This replica's own series (<c>GET /stats/local</c>).</summary>
    public LocalTraffic Local() => new(_peers.Replica, _store.Export());

    /// <summary>This replica's golden metrics merged with every peer's that answers; without peers, this replica's alone.</summary>
    public async Task<StatsView> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_peers.IsEmpty)
        {
            return _store.Snapshot();
        }

        var merged = ImmutableArray.CreateBuilder<string>();
        var unreachable = ImmutableArray.CreateBuilder<string>();
        var series = new List<SeriesRecord>();
        foreach (var answer in await _peers.CallAllAsync<LocalTraffic>(LocalPath, null, cancellationToken).ConfigureAwait(false))
        {
            if (answer.Value is not { } local)
            {
                unreachable.Add(answer.ToString());
            }
            else
            {
                merged.Add(answer.Address);
                series.AddRange(local.Series);
            }
        }

        return _store.Snapshot(series) with { Replicas = new ReplicaMerge(merged.ToImmutable(), unreachable.ToImmutable()) };
    }
}
