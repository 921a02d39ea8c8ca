using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// The CA's roots: the one that signs (with its key) and the ones workloads must still trust. Kept in a
/// directory in the layout of a Kubernetes <c>kubernetes.io/tls</c> Secret: <c>tls.crt</c> and <c>tls.key</c>
/// (the signing root) and an optional <c>ca.crt</c> (roots trusted besides it, such as the previous root
/// during a rotation). Immutable; a rotation makes a new instance.
/// </summary>
internal sealed class RootCertificates : IDisposable
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";
    public const string TrustedFile = "ca.crt";

    /// <summary>How long a generated root is valid.</summary>
    public static readonly TimeSpan GeneratedLifetime = TimeSpan.FromDays(365);

    private RootCertificates(X509Certificate2 signing, ImmutableArray<X509Certificate2> previous)
    {
        Signing = signing;
        Previous = previous;
    }

    /// <summary>The root that signs workload certificates, with its private key.</summary>
    public X509Certificate2 Signing { get; }

    /// <summary>Earlier roots still trusted, newest first.</summary>
    public ImmutableArray<X509Certificate2> Previous { get; }

    /// <summary>Loads the roots from <paramref name="directory"/>, or says which file is missing or bad.</summary>
    public static RootCertificates Load(string directory)
    {
        var certificatePath = Path.Combine(directory, CertificateFile);
        var keyPath = Path.Combine(directory, KeyFile);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            throw new InvalidDataException($"{directory} must hold {CertificateFile} and {KeyFile} (PEM), the layout of a kubernetes.io/tls Secret.");
        }

        X509Certificate2 signing;
        try
        {
            signing = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidDataException($"{certificatePath} with {keyPath}: not a PEM certificate and its private key ({exception.Message}).", exception);
        }

        if (signing.Extensions[Oids.BasicConstraints] is not X509BasicConstraintsExtension { CertificateAuthority: true })
        {
            throw new InvalidDataException($"{certificatePath}: the certificate is not a CA (basicConstraints CA:TRUE is missing); workloads could not chain to it.");
        }

        var previous = ImmutableArray.CreateBuilder<X509Certificate2>();
        var trustedPath = Path.Combine(directory, TrustedFile);
        if (File.Exists(trustedPath))
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(trustedPath);
            foreach (var certificate in collection)
            {
                if (certificate.Thumbprint != signing.Thumbprint)
                {
                    previous.Add(certificate);
                }
            }
        }

        return new RootCertificates(ToPersisted(signing), previous.ToImmutable());
    }

    /// <summary>A new ECDSA P-256 root valid from <paramref name="now"/>, trusting <paramref name="previous"/> besides.</summary>
    public static RootCertificates Generate(DateTimeOffset now, ImmutableArray<X509Certificate2> previous)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN=mesh-cp root CA {now:yyyy-MM-dd'T'HH:mm:ss'Z'}, O=Mesh"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + GeneratedLifetime);
        return new RootCertificates(ToPersisted(created), previous);
    }

    /// <summary>Writes the roots to <paramref name="directory"/>; the key file is readable by its owner only.</summary>
    public void Save(string directory)
    {
        SecretFiles.EnsureDirectory(directory);
        SecretFiles.WriteSecret(Path.Combine(directory, KeyFile), Signing.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        SecretFiles.WritePublic(Path.Combine(directory, CertificateFile), Signing.ExportCertificatePem());
        var trusted = Path.Combine(directory, TrustedFile);
        if (Previous.IsEmpty)
        {
            File.Delete(trusted);
        }
        else
        {
            SecretFiles.WritePublic(trusted, string.Concat(Previous.Select(certificate => certificate.ExportCertificatePem() + "\n")));
        }
    }

    /// <summary>
    /// The roots workloads must trust at <paramref name="now"/>: the signing root, and each earlier one until
    /// it expires or <paramref name="overlap"/> has passed since the signing root took over.
    /// </summary>
    public ImmutableArray<X509Certificate2> TrustedAt(DateTimeOffset now, TimeSpan overlap)
    {
        var trusted = ImmutableArray.CreateBuilder<X509Certificate2>();
        trusted.Add(Signing);
        var overlapEnds = new DateTimeOffset(Signing.NotBefore.ToUniversalTime()) + overlap;
        foreach (var root in Previous)
        {
            if (now < overlapEnds && now < new DateTimeOffset(root.NotAfter.ToUniversalTime()))
            {
                trusted.Add(root);
            }
        }

        return trusted.ToImmutable();
    }

    /// <summary>A new signing root; this one's signing root becomes trusted-only, ahead of the earlier ones.</summary>
    public RootCertificates Rotate(DateTimeOffset now, TimeSpan overlap) =>
        Generate(now, [X509CertificateLoader.LoadCertificate(Signing.RawData), .. TrustedAt(now, overlap).Skip(1)]);

    public void Dispose()
    {
        Signing.Dispose();
        foreach (var root in Previous)
        {
            root.Dispose();
        }
    }

    // Linux keeps ephemeral keys usable, but a PKCS#12 round trip gives a certificate every platform signs with.
    private static X509Certificate2 ToPersisted(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);

    private static class Oids
    {
        public const string BasicConstraints = "2.5.29.19";
    }
}
