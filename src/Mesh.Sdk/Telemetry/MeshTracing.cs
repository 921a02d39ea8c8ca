using System.Diagnostics;
using System.Globalization;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Resilience;
using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// The spans of routed calls, on the <see cref="MeshTelemetry.ActivitySourceName"/> source: one per try, a child of
/// the caller's current activity and current itself while the try is sent, so .NET's HTTP handler propagates it
/// upstream as W3C <c>traceparent</c>. Nothing is created while no listener samples the source.
/// </summary>
internal static class MeshTracing
{
    public static readonly ActivitySource Source = new(MeshTelemetry.ActivitySourceName, typeof(MeshTracing).Assembly.GetName().Version?.ToString());

    public static Activity? StartAttempt(HttpRequestMessage request, RouteEntry route, ClusterTelemetry cluster, EndpointState endpoint, int attempt, string? flags)
    {
        if (!Source.HasListeners() || Source.StartActivity(MeshTelemetry.AttemptActivityName, ActivityKind.Client) is not { } activity)
        {
            return null;
        }

        activity.DisplayName = request.Method.Method;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("server.address", endpoint.Host);
            activity.SetTag("server.port", endpoint.Port);
            activity.SetTag(MeshAttributes.Service, cluster.Service);
            activity.SetTag(MeshAttributes.Namespace, cluster.Namespace);
            activity.SetTag(MeshAttributes.Subset, cluster.Subset);
            activity.SetTag(MeshAttributes.Cluster, cluster.Cluster);
            activity.SetTag(MeshAttributes.Route, route.Name);
            activity.SetTag(MeshAttributes.RetryCount, attempt);
            activity.SetTag(MeshAttributes.ResponseFlags, flags);
        }

        return activity;
    }

    /// <summary>Ends a try's span with the response's status, or with how the try failed.</summary>
    public static void StopAttempt(Activity? activity, HttpResponseMessage? response, AttemptFailure failure)
    {
        if (activity is null)
        {
            return;
        }

        if (response is not null)
        {
            SetOutcome(activity, response);
        }
        else
        {
            var error = failure switch
            {
                AttemptFailure.ConnectFailure => "connection_error",
                AttemptFailure.RefusedStream => "refused_stream",
                AttemptFailure.PerTryTimeout => "timeout",
                _ => "connection_reset",
            };
            activity.SetTag("error.type", error);
            activity.SetStatus(ActivityStatusCode.Error, error);
        }

        activity.Stop();
    }

    /// <summary>A span for a response the mesh answered itself, as one that ends where it starts.</summary>
    public static void RecordLocalReply(HttpRequestMessage request, HttpResponseMessage response, ResponseFlags flags)
    {
        if (!Source.HasListeners() || Source.StartActivity(MeshTelemetry.LocalReplyActivityName, ActivityKind.Client) is not { } activity)
        {
            return;
        }

        activity.DisplayName = request.Method.Method;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag(MeshAttributes.Service, ServiceHost(request));
            activity.SetTag(MeshAttributes.ResponseFlags, ResponseFlagsText.Of(flags));
        }

        SetOutcome(activity, response);
        activity.Stop();
    }

    private static void SetOutcome(Activity activity, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        activity.SetTag("http.response.status_code", status);
        var grpcStatus = UpstreamSignals.ReadGrpcStatus(response.Headers);
        if (grpcStatus is { } code)
        {
            activity.SetTag("rpc.grpc.status_code", code);
        }

        if (status >= 500 || grpcStatus is > 0)
        {
            var error = status >= 500 ? status.ToString(CultureInfo.InvariantCulture) : "grpc_" + grpcStatus!.Value.ToString(CultureInfo.InvariantCulture);
            activity.SetTag("error.type", error);
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    // The service host the caller named: the Host header the mesh keeps while it sends, else the URI's.
    private static string? ServiceHost(HttpRequestMessage request)
    {
        if (request.Headers.NonValidated.TryGetValues("Host", out var host))
        {
            var value = host.ToString();
            var colon = value.LastIndexOf(':');
            return colon > 0 && !value.EndsWith(']') ? value[..colon] : value;
        }

        return request.RequestUri?.Host;
    }
}
