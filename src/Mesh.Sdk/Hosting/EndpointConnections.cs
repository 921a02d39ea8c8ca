using System.Collections.Concurrent;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Security;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// One connection pool per endpoint, as gRPC keeps a subchannel per address: a mesh handler whose inner handler
/// is a plain <see cref="SocketsHttpHandler"/> sends each routed try through a copy of that handler whose
/// connections go to the picked endpoint. The request keeps the URI its caller wrote, so <c>:authority</c> and
/// <c>Host</c> name the service, and the handler's own pool keys, header encoding and connection reuse work as for
/// any other host. The copies take every setting of the original except the proxy: mesh traffic goes straight to
/// its endpoints, as it would from a sidecar.
/// </summary>
/// <remarks>
/// A copy connects to its endpoint only for hosts whose service routes to the endpoint's cluster; a redirect to
/// any other host connects where the redirect points. When a new endpoint's copy is made, the copies of endpoints
/// that have left every cluster are disposed, each once no call holds it.
/// </remarks>
internal sealed class EndpointConnections : IDisposable
{
    private static readonly TimeSpan RetiredPoolCheck = TimeSpan.FromSeconds(1);

    private readonly SocketsHttpHandler _template;
    private readonly MeshRouter _router;
    private readonly MeshConnector _connector;
    private readonly ConcurrentDictionary<string, EndpointPool> _pools = new(StringComparer.Ordinal);
    private readonly Lock _pruning = new();
    private RoutingTable? _prunedAgainst;
    private volatile bool _disposed;

    private EndpointConnections(SocketsHttpHandler template, MeshRouter router, MeshConnector connector)
    {
        _template = template;
        _router = router;
        _connector = connector;
    }

    /// <summary>
    /// Pools for a mesh handler over <paramref name="inner"/>, or null when <paramref name="inner"/> is not a
    /// <see cref="SocketsHttpHandler"/> that connects as the mesh does (another handler, or a connect callback of
    /// the application's own), so the mesh handler rewrites each request's URI instead.
    /// </summary>
    public static EndpointConnections? For(HttpMessageHandler? inner, MeshRouter router, MeshConnector connector) =>
        inner is SocketsHttpHandler sockets && (sockets.ConnectCallback is null || connector.IsInstalledOn(sockets))
            ? new EndpointConnections(sockets, router, connector)
            : null;

    /// <summary>Sends <paramref name="request"/>, URI untouched, on <paramref name="endpoint"/>'s pool.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, EndpointState endpoint, CancellationToken cancellationToken)
    {
        var pool = endpoint.Connections is EndpointPool cached && cached.Owner == this ? cached : PoolFor(endpoint);
        return pool.SendOnPoolAsync(request, cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }

        _pools.Clear();
    }

    private EndpointPool PoolFor(EndpointState endpoint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = endpoint.Name;
        if (!_pools.TryGetValue(key, out var pool))
        {
            var created = new EndpointPool(this, endpoint, Copy(endpoint));
            pool = _pools.GetOrAdd(key, created);
            if (pool == created)
            {
                Prune(key);
            }
            else
            {
                created.Dispose();
            }
        }

        endpoint.Connections = pool;
        return pool;
    }

    private SocketsHttpHandler Copy(EndpointState endpoint)
    {
        var template = _template;
        var copy = new SocketsHttpHandler
        {
            AllowAutoRedirect = template.AllowAutoRedirect,
            AutomaticDecompression = template.AutomaticDecompression,
            ConnectTimeout = template.ConnectTimeout,
            Credentials = template.Credentials,
            EnableMultipleHttp2Connections = template.EnableMultipleHttp2Connections,
            Expect100ContinueTimeout = template.Expect100ContinueTimeout,
            InitialHttp2StreamWindowSize = template.InitialHttp2StreamWindowSize,
            KeepAlivePingDelay = template.KeepAlivePingDelay,
            KeepAlivePingPolicy = template.KeepAlivePingPolicy,
            KeepAlivePingTimeout = template.KeepAlivePingTimeout,
            MaxAutomaticRedirections = template.MaxAutomaticRedirections,
            MaxConnectionsPerServer = template.MaxConnectionsPerServer,
            MaxResponseDrainSize = template.MaxResponseDrainSize,
            MaxResponseHeadersLength = template.MaxResponseHeadersLength,
            MeterFactory = template.MeterFactory,
            PlaintextStreamFilter = template.PlaintextStreamFilter,
            PooledConnectionIdleTimeout = template.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = template.PooledConnectionLifetime,
            PreAuthenticate = template.PreAuthenticate,
            RequestHeaderEncodingSelector = template.RequestHeaderEncodingSelector,
            ResponseDrainTimeout = template.ResponseDrainTimeout,
            ResponseHeaderEncodingSelector = template.ResponseHeaderEncodingSelector,
            SslOptions = template.SslOptions,
            UseCookies = template.UseCookies,
            UseProxy = false,
            ActivityHeadersPropagator = template.ActivityHeadersPropagator,
        };
        if (template.UseCookies)
        {
            copy.CookieContainer = template.CookieContainer;
        }

        foreach (var (name, value) in template.Properties)
        {
            copy.Properties[name] = value;
        }

        var cluster = endpoint.Cluster;
        var target = endpoint.EndPoint;
        copy.ConnectCallback = (context, cancellationToken) =>
            _connector.ConnectToAsync(RoutesTo(context.DnsEndPoint.Host, cluster) ? target : context.DnsEndPoint, context.InitialRequestMessage, cancellationToken);
        return copy;
    }

    // Whether calls to host are routed to the cluster at all; asked once per new connection.
    private bool RoutesTo(string host, string cluster)
    {
        if (!_router.Table.TryGetService(host, out var service))
        {
            return false;
        }

        foreach (var route in service.Routes)
        {
            foreach (var candidate in route.Clusters)
            {
                if (candidate.Name == cluster)
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Retires the pools of endpoints no cluster has any more, once per routing table.
    private void Prune(string keep)
    {
        lock (_pruning)
        {
            var table = _router.Table;
            if (table != _prunedAgainst)
            {
                _prunedAgainst = table;
                RetireLeftEndpoints(table, keep);
            }
        }
    }

    private void RetireLeftEndpoints(RoutingTable table, string keep)
    {
        var current = new HashSet<string>(StringComparer.Ordinal) { keep };
        foreach (var cluster in table.Clusters.Values)
        {
            foreach (var endpoint in cluster.Endpoints)
            {
                current.Add(endpoint.Name);
            }
        }

        foreach (var (key, pool) in _pools)
        {
            if (!current.Contains(key) && _pools.TryRemove(new KeyValuePair<string, EndpointPool>(key, pool)))
            {
                _ = DisposeWhenIdleAsync(pool);
            }
        }
    }

    // A call counts itself on its endpoint before it looks up the pool, so a retired pool seen idle here has no
    // call that could still be handed it; one with calls in flight is disposed within a second of their end.
    private async Task DisposeWhenIdleAsync(EndpointPool pool)
    {
        while (pool.Endpoint.ActiveRequests > 0 && !_disposed)
        {
            await Task.Delay(RetiredPoolCheck, _router.TimeProvider).ConfigureAwait(false);
        }

        pool.Dispose();
    }

    // A delegating handler, not an HttpMessageInvoker, so System.Net.Http's telemetry counts the call once.
    private sealed class EndpointPool : DelegatingHandler
    {
        public EndpointPool(EndpointConnections owner, EndpointState endpoint, SocketsHttpHandler handler)
            : base(handler)
        {
            Owner = owner;
            Endpoint = endpoint;
        }

        public EndpointConnections Owner { get; }

        public EndpointState Endpoint { get; }

        public Task<HttpResponseMessage> SendOnPoolAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            SendAsync(request, cancellationToken);
    }
}
