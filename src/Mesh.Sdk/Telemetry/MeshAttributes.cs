namespace Mesh.Sdk.Telemetry;

/// <summary>The attribute (tag) names Mesh.Sdk puts on its metrics and spans and on .NET's HTTP metrics.</summary>
public static class MeshAttributes
{
    /// <summary>The called mesh service, such as <c>catalog</c>.</summary>
    public const string Service = "mesh.service";

    /// <summary>The service's namespace, such as <c>default</c>.</summary>
    public const string Namespace = "mesh.namespace";

    /// <summary>The subset the call went to, such as <c>v2</c>; empty for the cluster of all endpoints.</summary>
    public const string Subset = "mesh.subset";

    /// <summary>The xDS cluster, such as <c>catalog.default|v2</c>.</summary>
    public const string Cluster = "mesh.cluster";

    /// <summary>The route that matched, by its xDS name, such as <c>rule-0</c>.</summary>
    public const string Route = "mesh.route";

    /// <summary>Which try this was: 0 for the first, 1 for the first retry.</summary>
    public const string RetryCount = "mesh.retry_count";

    /// <summary>Envoy-style response flags the mesh set, such as <c>UO</c> (circuit open), <c>FI</c> (fault injected), <c>UH</c> (no healthy, every endpoint ejected).</summary>
    public const string ResponseFlags = "mesh.response_flags";

    /// <summary>The circuit-breaker limit that overflowed: <c>max_requests</c>, <c>max_pending_requests</c>, <c>max_connections</c> or <c>max_retries</c>.</summary>
    public const string CircuitBreakerLimit = "mesh.circuit_breaker.limit";

    /// <summary>Why outlier detection ejected an endpoint, such as <c>consecutive_5xx</c>.</summary>
    public const string EjectionReason = "mesh.outlier_detection.reason";

    /// <summary>The xDS resource type, such as <c>Listener</c> or <c>Cluster</c>.</summary>
    public const string XdsType = "mesh.xds.type";

    /// <summary>A certificate rotation's outcome: <c>success</c> or <c>failure</c>.</summary>
    public const string Outcome = "mesh.outcome";
}
