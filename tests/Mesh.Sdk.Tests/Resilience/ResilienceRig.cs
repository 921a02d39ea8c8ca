using Envoy.Config.Cluster.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Resilience;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Xds;
using Microsoft.Extensions.Logging.Abstractions;
using static Mesh.Sdk.Tests.Routing.TestXds;
using Route = Envoy.Config.Route.V3.Route;

namespace Mesh.Sdk.Tests.Resilience;

/// <summary>
/// Service <c>catalog</c> built from xDS resources through the routing layer, sent through
/// <see cref="ResilientSender"/> over a real <see cref="SocketsHttpHandler"/> to real upstreams.
/// </summary>
internal sealed class ResilienceRig : IDisposable
{
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler());
    private readonly ResilientSender _sender;
    private readonly TimeProvider _time;

    public ResilienceRig(Route route, Cluster cluster, TimeProvider? time = null, params ScriptedUpstream[] upstreams)
    {
        _time = time ?? TimeProvider.System;
        Resources = Build(route, cluster, upstreams);
        Table = RoutingTable.Build(Resources, null, LocalityPreferenceOptions.None, time: _time);
        _sender = new ResilientSender(
            (request, original, endpoint, cancellationToken) =>
            {
                request.RequestUri = endpoint.UriFor(original);
                return _invoker.SendAsync(request, cancellationToken);
            },
            _time,
            NullLogger.Instance);
    }

    public XdsResources Resources { get; private set; }

    public RoutingTable Table { get; private set; }

    public ClusterState Cluster => Table.Clusters["catalog.default"];

    public static Route Route(RetryPolicy? retry = null, TimeSpan? timeout = null)
    {
        var route = Routing.TestXds.Route("default", Prefix("/"), "catalog.default");
        route.Route_.RetryPolicy = retry;
        if (timeout is { } t)
        {
            route.Route_.Timeout = Duration.FromTimeSpan(t);
        }

        return route;
    }

    public static RetryPolicy Retry(string retryOn, uint retries) => new()
    {
        RetryOn = retryOn,
        NumRetries = retries,
        RetryBackOff = new RetryPolicy.Types.RetryBackOff
        {
            BaseInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1)),
            MaxInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(2)),
        },
    };

    /// <summary>Rebuilds the table from changed resources, as a config push would.</summary>
    public void Rebuild(Cluster cluster, params ScriptedUpstream[] upstreams)
    {
        var route = Resources.Routes["catalog.default"].VirtualHosts[0].Routes[0];
        Resources = Build(route, cluster, upstreams);
        Table = RoutingTable.Build(Resources, Table, LocalityPreferenceOptions.None, time: _time);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var original = request.RequestUri!;
        Assert.True(Table.TryGetService("catalog", out var service));
        var route = service.Match(request);
        Assert.NotNull(route);
        try
        {
            return await _sender.SendAsync(request, original, route, removeHost: false, cancellationToken);
        }
        finally
        {
            request.RequestUri = original;
        }
    }

    public async Task<HttpResponseMessage> GetAsync(string path = "/") => await SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://catalog" + path));

    public void Dispose()
    {
        _sender.Dispose();
        _invoker.Dispose();
    }

    private static XdsResources Build(Route route, Cluster cluster, ScriptedUpstream[] upstreams)
    {
        var endpoints = upstreams.Select(u => Endpoint("127.0.0.1", u.Port)).ToArray();
        return XdsResources.Empty.WithService("catalog", route).WithCluster(cluster, Assignment("catalog.default", Zone("a", endpoints)));
    }
}
