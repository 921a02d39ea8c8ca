using System.Collections.Immutable;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>The <c>GET /stats</c> document: golden metrics per service, subset and caller, and the call graph's edges.</summary>
/// <param name="GeneratedAt">When it was computed.</param>
/// <param name="WindowSeconds">The span of rates, success rates and latencies.</param>
/// <param name="Services">Every service some client reported calls to, by namespace then name.</param>
/// <param name="Edges">Who calls whom: one per caller and called service.</param>
/// <param name="Replicas">With <c>--peers</c>: which other replicas' traffic is merged in, and which did not answer.</param>
internal sealed record StatsView(
    DateTimeOffset GeneratedAt,
    double WindowSeconds,
    ImmutableArray<ServiceStats> Services,
    ImmutableArray<EdgeStats> Edges,
    ReplicaMerge? Replicas = null);

/// <summary>The other replicas a <see cref="StatsView"/> merged: their admin addresses, and each one that did not answer with the reason.</summary>
internal sealed record ReplicaMerge(ImmutableArray<string> Merged, ImmutableArray<string> Unreachable);

/// <summary>One called service: all its traffic, per subset, and per caller and subset.</summary>
internal sealed record ServiceStats(
    string Service,
    string Namespace,
    GoldenMetrics Metrics,
    ImmutableArray<SubsetStats> Subsets,
    ImmutableArray<CallerStats> Callers);

/// <summary>Calls to one subset (empty: the cluster of all endpoints).</summary>
internal sealed record SubsetStats(string Subset, GoldenMetrics Metrics);

/// <summary>Calls from one caller to one subset.</summary>
internal sealed record CallerStats(string Caller, string Subset, GoldenMetrics Metrics);

/// <summary>Calls from one caller to one service, every subset together.</summary>
internal sealed record EdgeStats(string Caller, string Service, string Namespace, GoldenMetrics Metrics);
