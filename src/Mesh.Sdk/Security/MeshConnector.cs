using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mesh.Sdk.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Security;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of mesh clients: opens TCP as the handler would and, to an
/// endpoint of a cluster with an <c>UpstreamTlsContext</c>, wraps it in mTLS with this workload's certificate,
/// accepting only a server that chains to the mesh roots and presents one of the SPIFFE IDs the cluster expects.
/// The request keeps its <c>http://</c> URI: the mesh adds TLS underneath, as a sidecar would, and negotiates
/// HTTP/2 or HTTP/1.1 by ALPN to match what the handler will speak on the connection.
/// </summary>
internal sealed class MeshConnector
{
    private readonly MeshRouter _router;
    private readonly WorkloadIdentity _identity;
    private readonly UpstreamTlsLookup _lookup = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MeshConnector(MeshRouter router, WorkloadIdentity identity, ILogger<MeshConnector> logger)
    {
        _router = router;
        _identity = identity;
        _time = router.TimeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Makes the <see cref="SocketsHttpHandler"/> at the end of <paramref name="handler"/>'s chain of delegating
    /// handlers open its connections through the mesh, unless it has its own connect callback.
    /// </summary>
    public void Install(HttpMessageHandler handler)
    {
        var innermost = handler;
        while (innermost is DelegatingHandler { InnerHandler: { } inner })
        {
            innermost = inner;
        }

        if (_router.HasControlPlane && innermost is SocketsHttpHandler { ConnectCallback: null } sockets)
        {
            sockets.ConnectCallback = ConnectAsync;
        }
    }

    /// <summary>True when <paramref name="handler"/> opens its connections through this connector.</summary>
    public bool IsInstalledOn(SocketsHttpHandler handler) => handler.ConnectCallback?.Target == this;

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectToAsync(context.DnsEndPoint, context.InitialRequestMessage, cancellationToken);

    /// <summary>
    /// Opens a connection to <paramref name="endpoint"/> for <paramref name="request"/>, in mTLS when the endpoint's
    /// cluster asks for it.
    /// </summary>
    public async ValueTask<Stream> ConnectToAsync(DnsEndPoint endpoint, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (_lookup.ExpectedIdentities(_router.Table, endpoint.Host, endpoint.Port) is not { } expected)
        {
            return network;
        }

        try
        {
            return await AuthenticateAsync(network, endpoint, expected, request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<Stream> AuthenticateAsync(NetworkStream network, DnsEndPoint endpoint, string[] expected, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var own = await _identity.GetAsync(cancellationToken, expected.Length > 0 ? SpiffeIdentity.TrustDomainOf(expected[0]) : null).ConfigureAwait(false);
        string? refusal = null;
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = endpoint.Host,
            ClientCertificates = new X509CertificateCollection { own.Certificate },
            ApplicationProtocols = [SpeaksHttp2(request) ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                refusal = PeerCertificateValidator.Validate(certificate as X509Certificate2, own, _time.GetUtcNow(), expected, out _);
                return refusal is null;
            },
        };

        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException exception)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            var reason = refusal ?? exception.Message;
            Log.ServerCertificateRefused(_logger, $"{endpoint.Host}:{endpoint.Port}", reason);
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, $"mTLS to {endpoint.Host}:{endpoint.Port} failed: {reason}", exception);
        }
    }

    // Over http:// SocketsHttpHandler speaks HTTP/2 (prior knowledge) only when the request insists on it.
    private static bool SpeaksHttp2(HttpRequestMessage request) =>
        request.Version.Major >= 2 && request.VersionPolicy != HttpVersionPolicy.RequestVersionOrLower;
}
