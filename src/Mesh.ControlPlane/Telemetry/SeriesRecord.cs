using System.Collections.Immutable;
using Mesh.ControlPlane.Hosting;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// One <see cref="TrafficSeries"/> as a replica hands it to another in <c>GET /stats/local</c>: its key, its
/// totals since that replica started, and the load reports of the current window.
/// </summary>
internal sealed record SeriesRecord(
    string Service,
    string Namespace,
    string Subset,
    string Caller,
    long Requests,
    long Errors,
    DateTimeOffset? FirstStart,
    ImmutableArray<SliceRecord> Slices);

/// <summary>One load report of a <see cref="SeriesRecord"/>: when it arrived, the interval it covers, its calls, and their latency buckets by metric name.</summary>
internal sealed record SliceRecord(DateTimeOffset At, double IntervalSeconds, long Succeeded, long Failed, IReadOnlyDictionary<string, long> Latency);

/// <summary>The <c>GET /stats/local</c> document: one replica's own series, and the replica's ID so it can skip itself.</summary>
internal sealed record LocalTraffic(string Replica, ImmutableArray<SeriesRecord> Series) : IReplicaDocument;
