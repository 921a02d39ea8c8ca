using Mesh.Sdk.Balancing;
using Mesh.Sdk.Resilience;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Routes each request whose host is a mesh service (<c>http://catalog</c>, <c>http://catalog.default</c>,
/// <c>http://catalog.default.svc.cluster.local</c>) to an endpoint picked by the mesh's routes and load
/// balancers; every other request passes through untouched. Clients made by <c>IHttpClientFactory</c> get it
/// from <c>AddMeshClient()</c>; code that builds its own <see cref="HttpClient"/> or <c>GrpcChannel</c> uses
/// <see cref="Create"/>.
/// </summary>
/// <remarks>
/// Over a plain <see cref="SocketsHttpHandler"/> (the default primary handler of <c>IHttpClientFactory</c>, and of
/// <see cref="Create"/>) the mesh keeps one connection pool per endpoint, made with that handler's settings, and the
/// request goes out exactly as its caller wrote it: <c>:authority</c> and <c>Host</c> name the service. Over any
/// other inner handler the request's URI is rewritten to the endpoint for each try, with the original authority
/// in the <c>Host</c> header, and given back once the response headers arrive, so an outer retry routes afresh.
/// Bodies stream through unbuffered in both directions. The route's and cluster's resilience policy applies
/// (timeouts, retries, circuit breaking, outlier detection, fault injection, local rate limit), and every
/// response the mesh produced or altered carries <c>x-mesh-response-flags</c>. For <c>least_request</c> and
/// circuit breaking a call counts as in flight until its response body ends or is disposed, or, for a small
/// response of known length to a request without a body, until its headers arrive.
/// </remarks>
public sealed class MeshHttpHandler : DelegatingHandler
{
    private const string HostHeader = "Host";

    // _connections is null before the first routed call; afterwards the pools, or this marker when each try's URI is rewritten.
    private static readonly object Rewrites = new();

    private readonly MeshRouter _router;
    private readonly MeshConnector _connector;
    private readonly ILogger _logger;
    private readonly ResilientSender _sender;
    private object? _connections;

    internal MeshHttpHandler(MeshRouter router, MeshConnector connector, ILogger<MeshHttpHandler> logger)
    {
        _router = router;
        _connector = connector;
        _logger = logger;
        _sender = new ResilientSender(SendToEndpointAsync, router.TimeProvider, logger);
    }

    /// <summary>
    /// A mesh handler for an <see cref="HttpClient"/> or a <c>GrpcChannel</c> built by hand, from a service
    /// provider where <c>AddMeshClient()</c> was called.
    /// </summary>
    /// <param name="services">The application's service provider.</param>
    /// <param name="innerHandler">
    /// The handler that sends the routed request; default a new <see cref="SocketsHttpHandler"/>. A
    /// <see cref="SocketsHttpHandler"/> is marked so grpc-dotnet's own balancer does not override the mesh's pick,
    /// and its settings make each endpoint's connection pool.
    /// </param>
    /// <returns>A handler the caller owns and disposes (it disposes <paramref name="innerHandler"/> with it).</returns>
    public static MeshHttpHandler Create(IServiceProvider services, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var router = services.GetService<MeshRouter>()
            ?? throw new InvalidOperationException("MeshHttpHandler.Create needs the mesh services: call builder.Services.AddMeshClient() first.");
        var inner = innerHandler ?? new SocketsHttpHandler();
        GrpcLoadBalancing.Disable(inner);
        var connector = services.GetRequiredService<MeshConnector>();
        connector.Install(inner);
        return new MeshHttpHandler(router, connector, services.GetRequiredService<ILogger<MeshHttpHandler>>()) { InnerHandler = inner };
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return base.SendAsync(request, cancellationToken);
        }

        var resolving = _router.ResolveAsync(uri.Host, cancellationToken);
        if (!resolving.IsCompletedSuccessfully)
        {
            return ResolveThenSendAsync(request, resolving, cancellationToken);
        }

        // Completed synchronously (the common case once a service is known): no await, no state machine.
        return resolving.GetAwaiter().GetResult() is { } service
            ? SendRoutedAsync(request, uri, service, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> ResolveThenSendAsync(HttpRequestMessage request, ValueTask<ServiceRoute?> resolving, CancellationToken cancellationToken)
    {
        var service = await resolving.ConfigureAwait(false);
        return service is null
            ? await base.SendAsync(request, cancellationToken).ConfigureAwait(false)
            : await SendRoutedAsync(request, request.RequestUri!, service, cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendRoutedAsync(HttpRequestMessage request, Uri original, ServiceRoute service, CancellationToken cancellationToken)
    {
        if (service.Match(request) is not { } route)
        {
            Log.NoRoute(_logger, service.ToString(), request.Method, original.AbsolutePath);
            return Task.FromResult(LocalReply.Create(request, LocalReply.IsGrpc(request), 404, LocalReply.GrpcUnimplemented, "no route", ResponseFlags.NoRoute));
        }

        // The untyped header calls skip the typed Host property's parsing and allocation on every call.
        var headers = request.Headers;
        var setHost = (_connections ?? ChooseConnections()) == Rewrites && !headers.NonValidated.Contains(HostHeader);
        if (setHost)
        {
            headers.TryAddWithoutValidation(HostHeader, original.IsDefaultPort ? original.IdnHost : original.Authority);
        }

        return _sender.SendAsync(request, original, route, setHost, cancellationToken);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            (Interlocked.Exchange(ref _connections, Rewrites) as EndpointConnections)?.Dispose();
            _sender.Dispose();
        }

        base.Dispose(disposing);
    }

    // The inner handler is fixed by the first call, so the choice between pools and rewriting is made then.
    private object ChooseConnections()
    {
        var chosen = (object?)EndpointConnections.For(InnerHandler, _router, _connector) ?? Rewrites;
        var won = Interlocked.CompareExchange(ref _connections, chosen, null) ?? chosen;
        if (won != chosen)
        {
            (chosen as EndpointConnections)?.Dispose();
        }

        return won;
    }

    private Task<HttpResponseMessage> SendToEndpointAsync(HttpRequestMessage request, Uri original, EndpointState endpoint, CancellationToken cancellationToken)
    {
        if (_connections is EndpointConnections pools)
        {
            return pools.SendAsync(request, endpoint, cancellationToken);
        }

        request.RequestUri = endpoint.UriFor(original);
        return base.SendAsync(request, cancellationToken);
    }
}
