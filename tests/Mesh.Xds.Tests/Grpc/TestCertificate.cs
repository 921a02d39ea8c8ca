using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>A self-signed server certificate for localhost and 127.0.0.1, also written as PEM for grpc-js.</summary>
public sealed class TestCertificate : IDisposable
{
    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        Directory = System.IO.Directory.CreateTempSubdirectory("mesh-grpc-tls-").FullName;
        CertificatePemPath = Path.Combine(Directory, "cert.pem");
        KeyPemPath = Path.Combine(Directory, "key.pem");
        File.WriteAllText(CertificatePemPath, created.ExportCertificatePem());
        File.WriteAllText(KeyPemPath, key.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    /// <summary>The certificate as PEM; it is its own root.</summary>
    public string CertificatePemPath { get; }

    public string KeyPemPath { get; }

    /// <summary>A handler that trusts exactly this certificate.</summary>
    public SocketsHttpHandler CreateTrustingHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        SslOptions =
        {
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { Certificate },
            },
        },
    };

    public void Dispose()
    {
        Certificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
