using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sdk.Security;

/// <summary>This workload's certificate (with its in-process private key), its SPIFFE ID and the roots it trusts.</summary>
internal sealed class WorkloadCertificate
{
    public WorkloadCertificate(X509Certificate2 certificate, string identity, X509Certificate2Collection trustBundle, DateTimeOffset refreshAt)
    {
        Certificate = certificate;
        Identity = identity;
        TrustBundle = trustBundle;
        RefreshAt = refreshAt;
        TrustDomain = SpiffeIdentity.TrustDomainOf(identity)!;
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        ServerContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }

    /// <summary>The certificate as a TLS server presents it, built once per certificate rather than per handshake.</summary>
    public SslStreamCertificateContext ServerContext { get; }

    public X509Certificate2 Certificate { get; }

    public string Identity { get; }

    public string TrustDomain { get; }

    public X509Certificate2Collection TrustBundle { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>When to fetch the next one: half way through this one's life.</summary>
    public DateTimeOffset RefreshAt { get; }
}
