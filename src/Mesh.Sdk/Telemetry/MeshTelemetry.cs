namespace Mesh.Sdk.Telemetry;

/// <summary>
/// The names Mesh.Sdk reports telemetry under: its <see cref="System.Diagnostics.Metrics.Meter"/>, its
/// <see cref="System.Diagnostics.ActivitySource"/>, and each instrument. Per-try HTTP latency is .NET's own
/// <c>http.client.request.duration</c> (meter <c>System.Net.Http</c>), which the mesh enriches with
/// <see cref="MeshAttributes"/> rather than recording a second time.
/// </summary>
public static class MeshTelemetry
{
    /// <summary>The meter of every Mesh.Sdk instrument.</summary>
    public const string MeterName = "Mesh.Sdk";

    /// <summary>The activity source of the span each try of a routed call gets.</summary>
    public const string ActivitySourceName = "Mesh.Sdk";

    /// <summary>The operation name of a try's span (kind client); its display name is the HTTP method.</summary>
    public const string AttemptActivityName = "Mesh.Sdk.Attempt";

    /// <summary>The operation name of the span of a response the mesh answered itself (a breaker overflow, an injected fault, no route).</summary>
    public const string LocalReplyActivityName = "Mesh.Sdk.LocalReply";

    /// <summary>
    /// Histogram, seconds: a routed call as its caller sees it, from the mesh handler to the final response's
    /// headers, retries, back-off and the mesh's own replies included.
    /// </summary>
    public const string CallDuration = "mesh.client.call.duration";

    /// <summary>Counter: retries the mesh sent after a failed try.</summary>
    public const string Retries = "mesh.client.retries";

    /// <summary>Counter: calls refused because a circuit-breaker limit was reached (flag <c>UO</c>).</summary>
    public const string CircuitBreakerOverflows = "mesh.client.circuit_breaker.overflows";

    /// <summary>Counter: endpoints ejected by outlier detection.</summary>
    public const string OutlierEjections = "mesh.client.outlier_detection.ejections";

    /// <summary>Counter: xDS responses accepted (ACKed), per resource type.</summary>
    public const string XdsUpdates = "mesh.xds.updates";

    /// <summary>Counter: xDS responses rejected (NACKed), per resource type.</summary>
    public const string XdsRejections = "mesh.xds.rejections";

    /// <summary>Counter: workload certificate rotations, per outcome.</summary>
    public const string CertificateRotations = "mesh.certificate.rotations";
}
