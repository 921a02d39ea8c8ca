namespace Mesh.ControlPlane.Identity;

/// <summary>What an authenticated caller may do: administer mesh-cp, or act as one workload identity.</summary>
internal sealed record CallerGrant(bool IsAdmin, SpiffeId? Identity, string? KubernetesNamespace, string? KubernetesAccount)
{
    public static CallerGrant Admin { get; } = new(true, null, null, null);

    /// <summary>Fires when the caller's workload token is revoked, so calls open on it close; never for other credentials.</summary>
    public CancellationToken Revoked { get; init; }

    /// <summary>The SPIFFE ID this caller may get a certificate for in <paramref name="trustDomain"/>; null for the admin.</summary>
    public SpiffeId? IdentityIn(string trustDomain) =>
        Identity ?? (KubernetesNamespace is { } ns && KubernetesAccount is { } sa ? new SpiffeId(trustDomain, ns, sa) : null);

    public override string ToString() =>
        IsAdmin ? "admin" : Identity?.ToString() ?? $"system:serviceaccount:{KubernetesNamespace}:{KubernetesAccount}";
}
