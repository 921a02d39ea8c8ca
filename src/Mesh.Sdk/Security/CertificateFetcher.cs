using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Identity.V1;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.Sdk.Security;

/// <summary>
/// Gets a workload certificate from the control plane's CA: generates an ECDSA P-256 key in this process (it
/// never leaves it), sends a CSR for the workload's SPIFFE ID with the workload token, and pairs the signed
/// certificate with the key. It asks the control plane replica the xDS client follows at the time.
/// </summary>
internal sealed class CertificateFetcher : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<Uri, GrpcClientChannel> _channels = [];
    private readonly Func<Uri?> _controlPlane;
    private readonly string? _tokenFile;
    private readonly TimeProvider _time;

    public CertificateFetcher(Func<Uri?> controlPlane, string? tokenFile, TimeProvider time)
    {
        _controlPlane = controlPlane;
        _tokenFile = tokenFile;
        _time = time;
    }

    public async Task<WorkloadCertificate> FetchAsync(string identity, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(identity));
        request.CertificateExtensions.Add(san.Build(critical: true));

        var response = await Channel().UnaryAsync(
            CertificateMethods.CreateCertificate,
            new CreateCertificateRequest { CsrPem = request.CreateSigningRequestPem() },
            new CallOptions(WorkloadToken.Headers(_tokenFile), _time.GetUtcNow().UtcDateTime + CallTimeout, cancellationToken)).ConfigureAwait(false);

        if (response.CertChain.Count == 0 || response.TrustBundle.Count == 0)
        {
            throw new InvalidDataException("the control plane answered the CSR without a certificate or trust bundle");
        }

        using var signed = X509Certificate2.CreateFromPem(response.CertChain[0]);
        if (SpiffeIdentity.Of(signed) != identity)
        {
            throw new InvalidDataException($"the control plane signed {SpiffeIdentity.Of(signed) ?? "no SPIFFE ID"}, not {identity}");
        }

        // A PKCS#12 round trip gives a certificate whose key SslStream can use as client and server on every platform.
        using var paired = signed.CopyWithPrivateKey(key);
        var certificate = X509CertificateLoader.LoadPkcs12(paired.Export(X509ContentType.Pkcs12), null);

        var bundle = new X509Certificate2Collection();
        foreach (var root in response.TrustBundle)
        {
            bundle.ImportFromPem(root);
        }

        var now = _time.GetUtcNow();
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        return new WorkloadCertificate(certificate, identity, bundle, now + ((notAfter - now) / 2));
    }

    public void Dispose()
    {
        lock (_channels)
        {
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            _channels.Clear();
        }
    }

    private GrpcClientChannel Channel()
    {
        var address = _controlPlane() ?? throw new InvalidOperationException("this workload follows no control plane");
        lock (_channels)
        {
            if (!_channels.TryGetValue(address, out var channel))
            {
                _channels[address] = channel = new GrpcClientChannel(address, new GrpcClientOptions { TimeProvider = _time });
            }

            return channel;
        }
    }
}
