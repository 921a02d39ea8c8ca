using System.Collections.Immutable;

namespace Mesh.ControlPlane.Identity;

/// <summary>A signed workload certificate and the roots to trust alongside it, all PEM.</summary>
internal sealed record IssuedCertificate(string CertificatePem, ImmutableArray<string> TrustBundle, DateTimeOffset NotAfter);
