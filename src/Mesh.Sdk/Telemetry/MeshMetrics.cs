using System.Diagnostics;
using System.Diagnostics.Metrics;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// Mesh.Sdk's instruments, on the <see cref="MeshTelemetry.MeterName"/> meter. Each recording checks
/// <see cref="Instrument.Enabled"/> first, so with no listener attached the call path allocates nothing.
/// </summary>
internal static class MeshMetrics
{
    /// <summary>The OpenTelemetry HTTP semantic-convention duration buckets, in seconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static readonly Meter Meter = new(MeshTelemetry.MeterName, typeof(MeshMetrics).Assembly.GetName().Version?.ToString());

    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram(
        MeshTelemetry.CallDuration,
        unit: "s",
        description: "Duration of routed calls as their callers see them, retries and the mesh's own replies included.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        MeshTelemetry.Retries, "{retry}", "Retries sent after a failed try.");

    public static readonly Counter<long> CircuitBreakerOverflows = Meter.CreateCounter<long>(
        MeshTelemetry.CircuitBreakerOverflows, "{call}", "Calls refused because a circuit-breaker limit was reached.");

    public static readonly Counter<long> OutlierEjections = Meter.CreateCounter<long>(
        MeshTelemetry.OutlierEjections, "{ejection}", "Endpoints ejected by outlier detection.");

    public static readonly Counter<long> XdsUpdates = Meter.CreateCounter<long>(
        MeshTelemetry.XdsUpdates, "{response}", "xDS responses accepted (ACKed).");

    public static readonly Counter<long> XdsRejections = Meter.CreateCounter<long>(
        MeshTelemetry.XdsRejections, "{response}", "xDS responses rejected (NACKed).");

    public static readonly Counter<long> CertificateRotations = Meter.CreateCounter<long>(
        MeshTelemetry.CertificateRotations, "{rotation}", "Workload certificate rotations.");

    public static void RecordRetry(RouteEntry route, ClusterTelemetry cluster)
    {
        if (Retries.Enabled)
        {
            var tags = ClusterTags(cluster);
            tags.Add(MeshAttributes.Route, route.Name);
            Retries.Add(1, tags);
        }
    }

    public static void RecordOverflow(ClusterTelemetry cluster, string limit)
    {
        if (CircuitBreakerOverflows.Enabled)
        {
            var tags = ClusterTags(cluster);
            tags.Add(MeshAttributes.CircuitBreakerLimit, limit);
            CircuitBreakerOverflows.Add(1, tags);
        }
    }

    /// <summary>Counts an ejection, whichever detector made it (consecutive errors, success rate, failure percentage); ejections are rare, so its tags are built on the spot.</summary>
    public static void RecordEjection(EndpointState endpoint, string reason)
    {
        if (OutlierEjections.Enabled)
        {
            var tags = ClusterTags(new ClusterTelemetry(endpoint.Cluster));
            tags.Add(MeshAttributes.EjectionReason, reason);
            tags.Add("server.address", endpoint.Host);
            tags.Add("server.port", BoxedInts.Get(endpoint.Port));
            OutlierEjections.Add(1, tags);
        }
    }

    public static void RecordXdsResponse(string type, bool accepted)
    {
        var counter = accepted ? XdsUpdates : XdsRejections;
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(MeshAttributes.XdsType, type));
        }
    }

    /// <summary>Counts one rotation of this workload's certificate; the security area calls it on each renewal attempt.</summary>
    public static void RecordCertificateRotation(bool succeeded)
    {
        if (CertificateRotations.Enabled)
        {
            CertificateRotations.Add(1, new KeyValuePair<string, object?>(MeshAttributes.Outcome, succeeded ? "success" : "failure"));
        }
    }

    public static void RecordCall(RouteEntry route, ClusterTelemetry cluster, int status, string? flags, TimeSpan elapsed)
    {
        if (!CallDuration.Enabled)
        {
            return;
        }

        var tags = ClusterTags(cluster);
        tags.Add(MeshAttributes.Route, route.Name);
        tags.Add("http.response.status_code", BoxedInts.Get(status));
        if (flags is not null)
        {
            tags.Add(MeshAttributes.ResponseFlags, flags);
        }

        CallDuration.Record(elapsed.TotalSeconds, tags);
    }

    private static TagList ClusterTags(ClusterTelemetry cluster) => new()
    {
        { MeshAttributes.Service, cluster.Service },
        { MeshAttributes.Subset, cluster.Subset },
        { MeshAttributes.Cluster, cluster.Cluster },
    };
}
