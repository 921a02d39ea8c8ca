using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sdk.Security;

/// <summary>
/// Checks a peer's certificate the way the mesh trusts it: it chains to a root in this workload's trust bundle
/// (and to nothing else), it is valid now by the workload's clock, it carries a SPIFFE ID in this workload's
/// trust domain, and (when the caller expects particular ones) that ID is one of them.
/// </summary>
internal static class PeerCertificateValidator
{
    /// <summary>Null when <paramref name="peer"/> is acceptable, else why not, for the log.</summary>
    public static string? Validate(X509Certificate2? peer, WorkloadCertificate own, DateTimeOffset now, IReadOnlyCollection<string>? expected, out string? peerIdentity)
    {
        peerIdentity = null;
        if (peer is null)
        {
            return "the peer presented no certificate";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(own.TrustBundle);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(peer))
        {
            var problems = string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Distinct());
            return $"the peer's certificate ({peer.Subject}, valid {peer.NotBefore.ToUniversalTime():u} to {peer.NotAfter.ToUniversalTime():u}) does not verify against the mesh trust bundle: {problems}";
        }

        peerIdentity = SpiffeIdentity.Of(peer);
        if (peerIdentity is null)
        {
            return "the peer's certificate carries no SPIFFE ID";
        }

        if (SpiffeIdentity.TrustDomainOf(peerIdentity) != own.TrustDomain)
        {
            return $"the peer is {peerIdentity}, outside this mesh's trust domain {own.TrustDomain}";
        }

        if (expected is { Count: > 0 } && !expected.Contains(peerIdentity))
        {
            return $"the peer is {peerIdentity}, not {string.Join(" or ", expected)} as the cluster expects";
        }

        return null;
    }
}
