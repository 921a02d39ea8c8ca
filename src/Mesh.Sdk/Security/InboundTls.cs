using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Security;

/// <summary>
/// Makes a Kestrel endpoint terminate the mesh's mTLS in the mode the control plane sets: the first byte of each
/// connection tells a TLS ClientHello (0x16) from plaintext. TLS goes through Kestrel's own HTTPS middleware with
/// this workload's current certificate (a selector, so a rotation needs no restart) and a required client
/// certificate checked against the mesh roots; plaintext skips it. Under strict mode
/// <see cref="MeshAuthorizationMiddleware"/> refuses every plaintext request but health probes.
/// </summary>
internal sealed class InboundTls
{
    private const byte TlsHandshakeRecord = 0x16;

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

    /// <summary>Adds the sniffing and TLS middleware to <paramref name="listen"/>; nothing without a mesh identity.</summary>
    public void Configure(ListenOptions listen)
    {
        if (_security.ListenerName is null)
        {
            return;
        }

        _security.Follow();
        _identity.ServeInbound();

        // Kestrel builds the chain from the last middleware back, so the marker after UseHttps runs first and
        // hands the sniffer the rest of the pipeline without TLS, for plaintext connections.
        ConnectionDelegate? plaintext = null;
        listen.Use(tls => connection => SniffAsync(connection, tls, plaintext!));
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => _identity.Current?.Certificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = ValidateClient,
            CheckCertificateRevocation = false,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
        listen.Use(rest =>
        {
            plaintext = rest;
            return rest;
        });
    }

    private async Task SniffAsync(ConnectionContext connection, ConnectionDelegate tls, ConnectionDelegate plaintext)
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
        await (isTls ? tls(connection) : plaintext(connection)).ConfigureAwait(false);
    }

    private bool ValidateClient(X509Certificate2 certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        // The platform's verdict is about the system roots; the mesh trusts its own bundle only.
        if (_identity.Current is not { } own)
        {
            Log.ClientCertificateRefused(_logger, "a caller", "this workload has no certificate yet");
            return false;
        }

        var refusal = PeerCertificateValidator.Validate(certificate, own, _time.GetUtcNow(), expected: null, out var caller);
        if (refusal is not null)
        {
            Log.ClientCertificateRefused(_logger, caller ?? certificate.Subject, refusal);
        }

        return refusal is null;
    }
}
