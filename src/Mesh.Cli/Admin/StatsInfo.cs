namespace Mesh.Cli.Admin;

/// <summary>Golden metrics as <c>GET /stats</c> reports them.</summary>
internal sealed record StatsInfo(
    DateTimeOffset GeneratedAt,
    double WindowSeconds,
    IReadOnlyList<ServiceStatsInfo> Services,
    IReadOnlyList<EdgeStatsInfo> Edges,
    ReplicasInfo? Replicas = null);

/// <summary>With mesh-cp's <c>--peers</c>: the other replicas whose traffic is summed in, and those that did not answer.</summary>
internal sealed record ReplicasInfo(IReadOnlyList<string> Merged, IReadOnlyList<string> Unreachable);

/// <summary>One called service: all of its traffic, per subset, and per caller and subset.</summary>
internal sealed record ServiceStatsInfo(
    string Service,
    string Namespace,
    MetricsInfo Metrics,
    IReadOnlyList<SubsetStatsInfo> Subsets,
    IReadOnlyList<CallerStatsInfo> Callers);

/// <summary>Calls to one subset; an empty name is the cluster of all the service's endpoints.</summary>
internal sealed record SubsetStatsInfo(string Subset, MetricsInfo Metrics);

/// <summary>Calls from one caller to one subset.</summary>
internal sealed record CallerStatsInfo(string Caller, string Subset, MetricsInfo Metrics);

/// <summary>Calls from one caller to one service.</summary>
internal sealed record EdgeStatsInfo(string Caller, string Service, string Namespace, MetricsInfo Metrics);

/// <summary>Requests and errors since mesh-cp started; success rate, rate and latency over the window.</summary>
internal sealed record MetricsInfo(long Requests, long Errors, long WindowRequests, double? SuccessRate, double Rps, double? P50Ms, double? P95Ms, double? P99Ms);
