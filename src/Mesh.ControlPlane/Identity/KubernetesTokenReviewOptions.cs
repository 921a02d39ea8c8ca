namespace Mesh.ControlPlane.Identity;

/// <summary>Where mesh-cp checks Kubernetes service-account tokens (the Kubernetes API server of <c>--source kubernetes</c> or <c>--kube-api</c>).</summary>
internal sealed record KubernetesTokenReviewOptions(
    Uri ApiServer,
    string? CredentialsFile,
    string? CertificateAuthorityFile,
    string Audience)
{
    /// <summary>The audience workloads' projected tokens are minted for, by default.</summary>
    public const string DefaultAudience = "mesh-cp";
}
