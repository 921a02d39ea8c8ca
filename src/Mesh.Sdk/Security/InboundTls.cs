using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Security;

/// <summary>
/// Makes a Kestrel endpoint terminate the mesh's mTLS in the mode the control plane sets: the first byte of each
/// connection tells a TLS ClientHello (0x16) from plaintext. A TLS connection is served with this workload's
/// certificate at handshake time (so a rotation needs no restart) and must present a client certificate that
/// chains to the mesh roots; the endpoint stays <c>http://</c> and plaintext passes through. Under strict mode
/// <see cref="MeshAuthorizationMiddleware"/> refuses every plaintext request but health probes.
/// </summary>
internal sealed class InboundTls
{
    private const byte TlsHandshakeRecord = 0x16;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly ServerSecuritySource _security;
    private readonly WorkloadIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public InboundTls(ServerSecuritySource security, WorkloadIdentity identity, TimeProvider time, ILogger<InboundTls> logger)
    {
        _security = security;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    /// <summary>Adds the sniffing TLS middleware to <paramref name="listen"/>; nothing without a mesh identity.</summary>
    public void Configure(ListenOptions listen)
    {
        if (_security.ListenerName is null)
        {
            return;
        }

        _security.Follow();
        _identity.ServeInbound();
        SslApplicationProtocol[] protocols = listen.Protocols switch
        {
            HttpProtocols.Http2 => [SslApplicationProtocol.Http2],
            HttpProtocols.Http1 => [SslApplicationProtocol.Http11],
            _ => [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        };
        listen.Use(next => connection => SniffAsync(connection, next, protocols));
    }

    private async Task SniffAsync(ConnectionContext connection, ConnectionDelegate next, SslApplicationProtocol[] protocols)
    {
        if (_security.Current?.Mode is MtlsMode.Permissive or MtlsMode.Strict)
        {
            _identity.Demand();
        }

        var input = connection.Transport.Input;
        var read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
        var buffer = read.Buffer;
        if (buffer.IsEmpty)
        {
            input.AdvanceTo(buffer.Start);
            return;
        }

        var isTls = buffer.FirstSpan[0] == TlsHandshakeRecord;

        // Nothing consumed or examined: the next reader sees the same bytes at once.
        input.AdvanceTo(buffer.Start, buffer.Start);
        if (!isTls)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        await TerminateTlsAsync(connection, next, protocols).ConfigureAwait(false);
    }

    // What Kestrel's own HTTPS middleware does, so the endpoint stays http:// and plaintext can share the port.
    private async Task TerminateTlsAsync(ConnectionContext connection, ConnectionDelegate next, SslApplicationProtocol[] protocols)
    {
        var peer = connection.RemoteEndPoint?.ToString() ?? "unknown peer";
        if (_identity.Current is not { } own)
        {
            Log.ClientCertificateRefused(_logger, peer, "this workload has no certificate yet; the caller retries");
            return;
        }

        var original = connection.Transport;
        await using var tls = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: false);
        string? refusal = null;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = own.ServerContext,
            ClientCertificateRequired = true,
            ApplicationProtocols = [.. protocols],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                refusal = PeerCertificateValidator.Validate(certificate as X509Certificate2, own, _time.GetUtcNow(), expected: null, out _);
                return refusal is null;
            },
        };

        using var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        handshakeTimeout.CancelAfter(HandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(options, handshakeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException or OperationCanceledException)
        {
            Log.ClientCertificateRefused(_logger, peer, refusal ?? exception.Message);
            return;
        }

        connection.Features.Set<ITlsConnectionFeature>(new MeshTlsConnectionFeature(tls.RemoteCertificate as X509Certificate2, tls.NegotiatedApplicationProtocol.Protocol));
        connection.Features.Set<ITlsApplicationProtocolFeature>((MeshTlsConnectionFeature)connection.Features.Get<ITlsConnectionFeature>()!);
        connection.Transport = new DuplexPipe(PipeReader.Create(tls), PipeWriter.Create(tls));
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = original;
        }
    }
}
