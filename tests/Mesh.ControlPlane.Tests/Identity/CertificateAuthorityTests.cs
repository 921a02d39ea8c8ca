using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.ControlPlane.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Identity;

public sealed class CertificateAuthorityTests : IDisposable
{
    private static readonly SpiffeId Basket = new("shop.local", "default", "basket");

    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-ca-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generates_its_root_on_first_start_keeps_the_key_owner_only_and_loads_it_again()
    {
        var directory = Path.Combine(_directory, "ca");
        using var first = Authority(new CertificateAuthorityOptions { Directory = directory });
        using var second = Authority(new CertificateAuthorityOptions { Directory = directory });

        Assert.Equal(first.SigningRoot.Thumbprint, second.SigningRoot.Thumbprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "tls.key")));
        }

        Assert.Equal(256, first.SigningRoot.GetECDsaPublicKey()!.KeySize);
    }

    [Fact]
    public void Signs_a_24_hour_ecdsa_certificate_whose_only_san_is_the_granted_spiffe_id()
    {
        using var authority = Authority(new CertificateAuthorityOptions { Directory = _directory });
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (issued, error) = authority.Sign(Csr(key, Basket.ToString()), Basket, null);

        Assert.Null(error);
        using var certificate = X509Certificate2.CreateFromPem(issued!.CertificatePem);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(24), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        Assert.Equal("spiffe://shop.local/ns/default/sa/basket", Assert.Single(UriSans(certificate)));
        Assert.NotNull(certificate.GetECDsaPublicKey());
        Assert.True(Chains(certificate, issued.TrustBundle));
    }

    [Fact]
    public void Caps_the_lifetime_a_caller_asks_for_at_its_own()
    {
        using var authority = Authority(new CertificateAuthorityOptions { Directory = _directory, WorkloadLifetime = TimeSpan.FromHours(1) });
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (longer, _) = authority.Sign(Csr(key, Basket.ToString()), Basket, TimeSpan.FromDays(30));
        var (shorter, _) = authority.Sign(Csr(key, Basket.ToString()), Basket, TimeSpan.FromMinutes(10));

        Assert.Equal(_time.GetUtcNow().AddHours(1), longer!.NotAfter);
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), shorter!.NotAfter);
    }

    [Theory]
    [InlineData("spiffe://shop.local/ns/default/sa/ordering")]
    [InlineData("spiffe://other.local/ns/default/sa/basket")]
    public void Refuses_a_csr_for_an_identity_other_than_the_granted_one(string asked)
    {
        using var authority = Authority(new CertificateAuthorityOptions { Directory = _directory });
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (issued, error) = authority.Sign(Csr(key, asked), Basket, null);

        Assert.Null(issued);
        Assert.Equal($"the request asks for {asked}; these credentials grant only spiffe://shop.local/ns/default/sa/basket", error);
    }

    [Fact]
    public void Uses_an_operator_root_from_a_tls_secret_directory_and_never_rotates_it()
    {
        var generated = Path.Combine(_directory, "generated");
        string thumbprint;
        using (var source = Authority(new CertificateAuthorityOptions { Directory = generated }))
        {
            thumbprint = source.SigningRoot.Thumbprint;
        }

        using var authority = Authority(new CertificateAuthorityOptions { Directory = generated, OperatorSupplied = true });

        Assert.Equal(thumbprint, authority.SigningRoot.Thumbprint);
        Assert.NotNull(authority.Rotate());
        Assert.Equal(thumbprint, authority.SigningRoot.Thumbprint);
    }

    [Fact]
    public void Refuses_an_operator_directory_without_a_key()
    {
        File.WriteAllText(Path.Combine(_directory, "tls.crt"), "not a certificate");

        var error = Assert.Throws<InvalidDataException>(() => Authority(new CertificateAuthorityOptions { Directory = _directory, OperatorSupplied = true }));

        Assert.Contains("must hold tls.crt and tls.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotation_trusts_the_new_root_first_signs_with_it_a_workload_lifetime_later_and_drops_the_old_one_after_the_overlap()
    {
        using var authority = Authority(new CertificateAuthorityOptions { Directory = _directory, RootOverlap = TimeSpan.FromHours(48) });
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (before, _) = authority.Sign(Csr(key, Basket.ToString()), Basket, null);
        var oldRoot = authority.SigningRoot.Thumbprint;

        Assert.Null(authority.Rotate());
        var (staged, _) = authority.Sign(Csr(key, Basket.ToString()), Basket, null);

        // Staged: the new root is trusted, the old one still signs, so a workload that has not renewed yet still
        // verifies every certificate it is shown.
        Assert.Equal(oldRoot, authority.SigningRoot.Thumbprint);
        Assert.Equal(2, staged!.TrustBundle.Length);
        Assert.Contains("a rotation is under way", authority.Rotate(), StringComparison.Ordinal);
        using (var stagedLeaf = X509Certificate2.CreateFromPem(staged.CertificatePem))
        {
            Assert.True(Chains(stagedLeaf, before!.TrustBundle));
        }

        _time.Advance(TimeSpan.FromHours(23));
        var (late, _) = authority.Sign(Csr(key, Basket.ToString()), Basket, null);
        Assert.Equal(oldRoot, authority.SigningRoot.Thumbprint);

        _time.Advance(TimeSpan.FromHours(1));
        var (after, _) = authority.Sign(Csr(key, Basket.ToString()), Basket, null);

        // Active: the new root signs; what the old one signed last stays valid, and a workload that renewed while
        // the rotation was staged already trusts the new certificates.
        Assert.NotEqual(oldRoot, authority.SigningRoot.Thumbprint);
        Assert.Equal(2, after!.TrustBundle.Length);
        using (var lastOfOld = X509Certificate2.CreateFromPem(late!.CertificatePem))
        using (var renewed = X509Certificate2.CreateFromPem(after.CertificatePem))
        {
            Assert.True(Chains(lastOfOld, after.TrustBundle));
            Assert.True(Chains(renewed, staged.TrustBundle));
            Assert.False(Chains(renewed, before.TrustBundle));
        }

        _time.Advance(TimeSpan.FromHours(25));
        Assert.Single(authority.TrustBundle());
    }

    [Fact]
    public void A_running_ca_rotates_its_generated_root_before_it_expires_and_a_restart_resumes_a_staged_rotation()
    {
        var options = new CertificateAuthorityOptions { Directory = _directory, RootOverlap = TimeSpan.FromHours(48) };
        string first;
        DateTimeOffset expires;
        using (var authority = Authority(options))
        {
            first = authority.SigningRoot.Thumbprint;
            expires = new DateTimeOffset(authority.SigningRoot.NotAfter.ToUniversalTime());

            _time.Advance(expires - _time.GetUtcNow() - TimeSpan.FromHours(50));
            Assert.Single(authority.TrustBundle());

            _time.Advance(TimeSpan.FromHours(3));
            Assert.Equal(first, authority.SigningRoot.Thumbprint);
            Assert.Equal(2, authority.TrustBundle().Length);
            Assert.True(File.Exists(Path.Combine(_directory, RootCertificates.NextCertificateFile)));
        }

        // A restart finds the staged root on disk and goes on: it signs once a workload lifetime has passed.
        using var restarted = Authority(options);
        Assert.Equal(first, restarted.SigningRoot.Thumbprint);
        Assert.Equal(2, restarted.TrustBundle().Length);

        _time.Advance(TimeSpan.FromHours(24));
        Assert.NotEqual(first, restarted.SigningRoot.Thumbprint);
        Assert.Equal(restarted.SigningRoot.Thumbprint, RootCertificatesOnDisk().Thumbprint);
        Assert.False(File.Exists(Path.Combine(_directory, RootCertificates.NextCertificateFile)));
        Assert.Equal(2, restarted.TrustBundle().Length);

        _time.Advance(expires - _time.GetUtcNow());
        Assert.Single(restarted.TrustBundle());
    }

    private X509Certificate2 RootCertificatesOnDisk() =>
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_directory, RootCertificates.CertificateFile)));

    private CertificateAuthority Authority(CertificateAuthorityOptions options) =>
        new(options, _time, NullLogger<CertificateAuthority>.Instance);

    internal static string Csr(ECDsa key, string spiffeId)
    {
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        request.CertificateExtensions.Add(san.Build(critical: true));
        return request.CreateSigningRequestPem();
    }

    private static IEnumerable<string> UriSans(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions["2.5.29.17"]!;
        var reader = new System.Formats.Asn1.AsnReader(extension.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var uri = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6);
        var names = new List<string>();
        while (reader.HasData)
        {
            if (reader.PeekTag().HasSameClassAndValue(uri))
            {
                names.Add(reader.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, uri));
            }
            else
            {
                reader.ReadEncodedValue();
            }
        }

        return names;
    }

    private bool Chains(X509Certificate2 certificate, IEnumerable<string> bundle)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        foreach (var pem in bundle)
        {
            chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(pem));
        }

        return chain.Build(certificate);
    }
}
