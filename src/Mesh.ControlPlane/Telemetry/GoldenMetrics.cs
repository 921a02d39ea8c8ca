namespace Mesh.ControlPlane.Telemetry;

/// <summary>The golden metrics of some traffic, as <c>GET /stats</c> shows them.</summary>
/// <param name="Requests">Calls reported since mesh-cp started.</param>
/// <param name="Errors">Of those, calls answered 5xx (or their gRPC equivalent), by the upstream or the mesh.</param>
/// <param name="WindowRequests">Calls reported within the window.</param>
/// <param name="SuccessRate">The share of the window's calls that did not fail, 0 to 1; null without calls.</param>
/// <param name="Rps">Calls per second over the window.</param>
/// <param name="P50Ms">Median latency over the window, in milliseconds; null when no latency was reported.</param>
/// <param name="P95Ms">95th percentile latency, in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency, in milliseconds.</param>
internal sealed record GoldenMetrics(
    long Requests,
    long Errors,
    long WindowRequests,
    double? SuccessRate,
    double Rps,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms);
