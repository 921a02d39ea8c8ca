using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// The mesh's certificate authority: signs workload certificates (ECDSA P-256, a SPIFFE ID as the only
/// SAN, client and server auth) with its root, and rotates that root with an overlap during which the
/// trust bundle carries both roots. The root is the operator's (<c>--ca-dir</c>) or generated on first
/// start and kept under <c>--data-dir</c>. A rotation is staged: the new root is trusted first and signs one
/// workload lifetime later, once every workload has renewed and holds it. A generated root starts rotating
/// when less than the overlap of it is left, at start and, checked hourly, while running.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    // Tolerates clocks a little behind ours, as most CAs do.
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(1);

    // How often a running CA checks whether its generated root is within the overlap of expiring.
    private static readonly TimeSpan RotationCheck = TimeSpan.FromHours(1);

    private readonly CertificateAuthorityOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _rotateGate = new();
    private readonly ITimer? _rotationCheck;
    private volatile RootCertificates _roots;

    public CertificateAuthority(CertificateAuthorityOptions options, TimeProvider time, ILogger<CertificateAuthority> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _roots = LoadOrGenerate();

        // A control plane that runs for months rotates its generated root before it expires, as at a restart.
        _rotationCheck = options.OperatorSupplied
            ? null
            : time.CreateTimer(static state => ((CertificateAuthority)state!).RotateIfDue(), this, RotationCheck, RotationCheck);
    }

    /// <summary>The root that signs now.</summary>
    public X509Certificate2 SigningRoot => _roots.Signing;

    /// <summary>The roots workloads must trust now, PEM.</summary>
    public ImmutableArray<string> TrustBundle() =>
        [.. _roots.TrustedAt(_time.GetUtcNow(), _options.Overlap).Select(root => root.ExportCertificatePem())];

    /// <summary>
    /// Signs <paramref name="csrPem"/> for <paramref name="identity"/> if the request names exactly that SPIFFE ID,
    /// for at most the workload lifetime; otherwise returns why not.
    /// </summary>
    public (IssuedCertificate? Certificate, string? Error) Sign(string csrPem, SpiffeId identity, TimeSpan? validity)
    {
        var (request, uris, error) = CsrReader.Read(csrPem);
        if (request is null)
        {
            return (null, error);
        }

        var expected = identity.ToString();
        if (uris.Length != 1 || uris[0] != expected)
        {
            var asked = uris.IsEmpty ? "no URI SAN" : string.Join(", ", uris);
            return (null, $"the request asks for {asked}; these credentials grant only {expected}");
        }

        var lifetime = validity is { } requested && requested > TimeSpan.Zero && requested < _options.WorkloadLifetime ? requested : _options.WorkloadLifetime;
        if (lifetime < MinimumLifetime)
        {
            lifetime = MinimumLifetime;
        }

        var roots = _roots;
        var now = _time.GetUtcNow();
        var notAfter = now + lifetime;
        var rootNotAfter = new DateTimeOffset(roots.Signing.NotAfter.ToUniversalTime());
        if (notAfter > rootNotAfter)
        {
            notAfter = rootNotAfter;
        }

        var leaf = new CertificateRequest(new X500DistinguishedName(string.Empty), request.PublicKey, HashAlgorithmName.SHA256);
        leaf.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leaf.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        leaf.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(expected));

        // SPIFFE X509-SVID: with an empty subject the SAN extension is critical.
        leaf.CertificateExtensions.Add(san.Build(critical: true));
        leaf.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        leaf.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(roots.Signing, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = leaf.Create(roots.Signing, now - Backdate, notAfter, serial);
        Log.CertificateIssued(_logger, expected, notAfter);
        return (new IssuedCertificate(certificate.ExportCertificatePem(), TrustBundle(), notAfter), null);
    }

    /// <summary>
    /// Starts a rotation: a new root joins the trust bundle now and signs once every workload has renewed since
    /// (one workload lifetime later); the old root stays in the bundle until the certificates it signed have
    /// expired. Refused for an operator's root, and while a rotation is under way.
    /// </summary>
    public string? Rotate()
    {
        if (_options.OperatorSupplied)
        {
            return "the root was supplied with --ca-dir: add the new root to ca.crt, wait one workload lifetime, then put it in tls.crt/tls.key and the old one in ca.crt, and restart mesh-cp";
        }

        lock (_rotateGate)
        {
            if (_roots.NextStagedAt is { } staged)
            {
                return $"a rotation is under way: the new root signs from {staged + _options.WorkloadLifetime:u}";
            }

            Replace(_roots.Stage(_time.GetUtcNow()));
            return null;
        }
    }

    /// <summary>When the staged root starts signing; null without a rotation under way.</summary>
    public DateTimeOffset? NextSigningFrom => _roots.NextStagedAt + _options.WorkloadLifetime;

    public void Dispose()
    {
        _rotationCheck?.Dispose();
        _roots.Dispose();
    }

    // Stage once the signing root has less than the overlap left: it signs one workload lifetime more, and stays
    // trusted until it expires.
    private bool IsDue(RootCertificates roots, DateTimeOffset now) =>
        roots.Next is null && new DateTimeOffset(roots.Signing.NotAfter.ToUniversalTime()) - now < _options.Overlap;

    private bool CanActivate(RootCertificates roots, DateTimeOffset now) =>
        roots.NextStagedAt is { } staged && now - staged >= _options.WorkloadLifetime;

    private void RotateIfDue()
    {
        try
        {
            lock (_rotateGate)
            {
                var now = _time.GetUtcNow();
                if (CanActivate(_roots, now))
                {
                    Replace(_roots.Activate(now, _options.Overlap));
                }
                else if (IsDue(_roots, now))
                {
                    Replace(_roots.Stage(now));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The next hourly check tries again; the current root keeps signing until it expires.
            Log.RootRotationFailed(_logger, exception.Message);
        }
    }

    private void Replace(RootCertificates roots)
    {
        if (_options.Directory is { } directory)
        {
            roots.Save(directory);
        }

        _roots = roots;
        LogStep(roots);
    }

    private void LogStep(RootCertificates roots)
    {
        if (roots.NextStagedAt is { } staged)
        {
            Log.RootStaged(_logger, roots.Next!.Subject, staged + _options.WorkloadLifetime);
        }
        else
        {
            Log.RootRotated(_logger, roots.Signing.Subject, _options.Overlap);
        }
    }

    private RootCertificates LoadOrGenerate()
    {
        var directory = _options.Directory;
        var now = _time.GetUtcNow();
        if (directory is not null && (_options.OperatorSupplied || File.Exists(Path.Combine(directory, RootCertificates.CertificateFile))))
        {
            var loaded = RootCertificates.Load(directory);
            if (SecretFiles.IsExposed(Path.Combine(directory, RootCertificates.KeyFile)))
            {
                Log.KeyFileExposed(_logger, Path.Combine(directory, RootCertificates.KeyFile));
            }

            Log.RootLoaded(_logger, loaded.Signing.Subject, directory, loaded.Signing.NotAfter);
            var next = _options.OperatorSupplied ? null
                : CanActivate(loaded, now) ? loaded.Activate(now, _options.Overlap)
                : IsDue(loaded, now) ? loaded.Stage(now)
                : null;
            if (next is null)
            {
                return loaded;
            }

            next.Save(directory);
            LogStep(next);
            return next;
        }

        var generated = RootCertificates.Generate(now, []);
        if (directory is null)
        {
            Log.RootInMemory(_logger);
        }
        else
        {
            generated.Save(directory);
            Log.RootGenerated(_logger, generated.Signing.Subject, directory);
        }

        return generated;
    }
}
