using Mesh.Sdk.Resilience;
using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// What a routed call leaves behind when it ends: its cluster's load for the next load report (always, without
/// allocating) and <see cref="MeshTelemetry.CallDuration"/> when someone listens.
/// </summary>
internal static class CallTelemetry
{
    public static void Finish(RouteEntry route, ClusterTelemetry cluster, HttpResponseMessage response, bool grpc, TimeSpan elapsed)
    {
        var status = (int)response.StatusCode;
        var judged = grpc && status == 200 && UpstreamSignals.ReadGrpcStatus(response.Headers) is { } code
            ? LocalReply.HttpStatusFor(code) ?? status
            : status;
        cluster.Load.Record(judged >= 500, elapsed);
        if (MeshMetrics.CallDuration.Enabled)
        {
            var flags = response.Headers.NonValidated.TryGetValues(MeshHeaders.ResponseFlags, out var values) ? values.ToString() : null;
            MeshMetrics.RecordCall(route, cluster, status, flags, elapsed);
        }
    }
}
