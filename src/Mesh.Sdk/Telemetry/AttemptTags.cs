using System.Net.Http.Metrics;
using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// The mesh tags of a call's current try, carried in the request's options so the enrichment callback adds
/// them to .NET's <c>http.client.request.duration</c> when that records the try. One per call, updated per try.
/// </summary>
internal sealed class AttemptTags
{
    private static readonly HttpRequestOptionsKey<AttemptTags> Key = new("Mesh.Sdk.AttemptTags");
    private static readonly Action<HttpMetricsEnrichmentContext> Callback = Enrich;

    private RouteEntry _route = null!;
    private ClusterTelemetry _cluster = null!;
    private int _attempt;
    private string? _flags;
    private bool _registered;

    /// <summary>
    /// Tags the try about to be sent when someone listens to <c>http.client.request.duration</c>, or to the mesh's
    /// own call duration: a handler creates its instrument on its first request, too late for the probe to see it.
    /// </summary>
    public static void Attach(HttpRequestMessage request, RouteEntry route, ClusterTelemetry cluster, int attempt, string? flags)
    {
        if (!HttpClientMetricsProbe.Enabled && !MeshMetrics.CallDuration.Enabled)
        {
            return;
        }

        if (!request.Options.TryGetValue(Key, out var tags))
        {
            tags = new AttemptTags();
            request.Options.Set(Key, tags);
        }

        // .NET drops a request's callbacks once it has recorded a send, so each retry registers again.
        if (!tags._registered)
        {
            tags._registered = true;
            HttpMetricsEnrichmentContext.AddCallback(request, Callback);
        }

        tags._route = route;
        tags._cluster = cluster;
        tags._attempt = attempt;
        tags._flags = flags;
    }

    private static void Enrich(HttpMetricsEnrichmentContext context)
    {
        if (!context.Request.Options.TryGetValue(Key, out var tags))
        {
            return;
        }

        tags._registered = false;
        context.AddCustomTag(MeshAttributes.Service, tags._cluster.Service);
        context.AddCustomTag(MeshAttributes.Subset, tags._cluster.Subset);
        context.AddCustomTag(MeshAttributes.Cluster, tags._cluster.Cluster);
        context.AddCustomTag(MeshAttributes.Route, tags._route.Name);
        context.AddCustomTag(MeshAttributes.RetryCount, BoxedInts.Get(tags._attempt));
        if (tags._flags is not null)
        {
            context.AddCustomTag(MeshAttributes.ResponseFlags, tags._flags);
        }
    }
}
