using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// The CA's roots: the one that signs (with its key), the next one during a rotation (trusted already, signing
/// later) and the earlier ones workloads must still trust. Kept in a directory in the layout of a Kubernetes
/// <c>kubernetes.io/tls</c> Secret: <c>tls.crt</c> and <c>tls.key</c> (the signing root), an optional
/// <c>ca.crt</c> (roots trusted besides it, such as the previous root after a rotation), and <c>next.crt</c> and
/// <c>next.key</c> while a rotation is staged. Immutable; each step of a rotation makes a new instance.
/// </summary>
internal sealed class RootCertificates : IDisposable
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";
    public const string TrustedFile = "ca.crt";
    public const string NextCertificateFile = "next.crt";
    public const string NextKeyFile = "next.key";

    /// <summary>How long a generated root is valid.</summary>
    public static readonly TimeSpan GeneratedLifetime = TimeSpan.FromDays(365);

    // A generated root is valid from a little before it was made, for clocks slightly behind.
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private RootCertificates(X509Certificate2 signing, ImmutableArray<X509Certificate2> previous, X509Certificate2? next = null)
    {
        Signing = signing;
        Previous = previous;
        Next = next;
    }

    /// <summary>The root that signs workload certificates, with its private key.</summary>
    public X509Certificate2 Signing { get; }

    /// <summary>Earlier roots still trusted, newest first.</summary>
    public ImmutableArray<X509Certificate2> Previous { get; }

    /// <summary>During a rotation, the root that will sign, with its key: in the trust bundle already so every workload has it first.</summary>
    public X509Certificate2? Next { get; }

    /// <summary>When <see cref="Next"/> was made; null without a rotation under way.</summary>
    public DateTimeOffset? NextStagedAt => Next is null ? null : new DateTimeOffset(Next.NotBefore.ToUniversalTime()) + Backdate;

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

        var nextPath = Path.Combine(directory, NextCertificateFile);
        var nextKeyPath = Path.Combine(directory, NextKeyFile);
        X509Certificate2? next = null;
        if (File.Exists(nextPath) && File.Exists(nextKeyPath))
        {
            try
            {
                // A rotation interrupted after the new root was saved as the signing one has nothing left to stage.
                next = ToPersisted(X509Certificate2.CreateFromPemFile(nextPath, nextKeyPath));
                if (next.Thumbprint == signing.Thumbprint)
                {
                    next.Dispose();
                    next = null;
                }
            }
            catch (CryptographicException exception)
            {
                throw new InvalidDataException($"{nextPath} with {nextKeyPath}: not a PEM certificate and its private key ({exception.Message}).", exception);
            }
        }

        return new RootCertificates(ToPersisted(signing), previous.ToImmutable(), next);
    }

    /// <summary>A new ECDSA P-256 root valid from <paramref name="now"/>, trusting <paramref name="previous"/> besides.</summary>
    public static RootCertificates Generate(DateTimeOffset now, ImmutableArray<X509Certificate2> previous) =>
        new(NewRoot(now), previous);

    /// <summary>The first step of a rotation: a new root, trusted from now, while this signing root keeps signing.</summary>
    public RootCertificates Stage(DateTimeOffset now) =>
        new(ToPersisted(Signing), [.. Previous.Select(Copy)], NewRoot(now));

    /// <summary>
    /// The second step: the staged root signs; this signing root becomes trusted-only, ahead of the earlier ones
    /// still trusted at <paramref name="now"/>.
    /// </summary>
    public RootCertificates Activate(DateTimeOffset now, TimeSpan overlap) =>
        new(ToPersisted(Next ?? throw new InvalidOperationException("no rotation is staged")), [Copy(Signing), .. StillTrusted(now, overlap).Select(Copy)]);

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

        var nextKey = Path.Combine(directory, NextKeyFile);
        var next = Path.Combine(directory, NextCertificateFile);
        if (Next is null)
        {
            File.Delete(next);
            File.Delete(nextKey);
        }
        else
        {
            SecretFiles.WriteSecret(nextKey, Next.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            SecretFiles.WritePublic(next, Next.ExportCertificatePem());
        }
    }

    /// <summary>
    /// The roots workloads must trust at <paramref name="now"/>: the signing root, the next one during a rotation,
    /// and each earlier one until it expires or <paramref name="overlap"/> has passed since the signing root was made.
    /// </summary>
    public ImmutableArray<X509Certificate2> TrustedAt(DateTimeOffset now, TimeSpan overlap) =>
        [Signing, .. Next is null ? [] : new[] { Next }, .. StillTrusted(now, overlap)];

    public void Dispose()
    {
        Signing.Dispose();
        Next?.Dispose();
        foreach (var root in Previous)
        {
            root.Dispose();
        }
    }

    // The earlier roots until they expire or the overlap has passed since the signing root was made.
    private IEnumerable<X509Certificate2> StillTrusted(DateTimeOffset now, TimeSpan overlap)
    {
        var overlapEnds = new DateTimeOffset(Signing.NotBefore.ToUniversalTime()) + overlap;
        return Previous.Where(root => now < overlapEnds && now < new DateTimeOffset(root.NotAfter.ToUniversalTime()));
    }

    private static X509Certificate2 NewRoot(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN=mesh-cp root CA {now:yyyy-MM-dd'T'HH:mm:ss'Z'}, O=Mesh"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(now - Backdate, now + GeneratedLifetime);
        return ToPersisted(created);
    }

    private static X509Certificate2 Copy(X509Certificate2 root) => X509CertificateLoader.LoadCertificate(root.RawData);

    // Linux keeps ephemeral keys usable, but a PKCS#12 round trip gives a certificate every platform signs with.
    private static X509Certificate2 ToPersisted(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);

    private static class Oids
    {
        public const string BasicConstraints = "2.5.29.19";
    }
}
