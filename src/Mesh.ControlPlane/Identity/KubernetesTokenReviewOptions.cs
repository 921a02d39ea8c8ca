namespace Mesh.ControlPlane.Identity;

/// <summary>Where mesh-cp checks Kubernetes service-account tokens (the Kubernetes API server of <c>--source kubernetes</c> or <c>--kube-api</c>).</summary>
internal sealed record KubernetesTokenReviewOptions(
    Uri ApiServer,
    string? CredentialsFile,
    string? CertificateAuthorityFile,
    string Audience)
{
    /// <summary>
    /// The audience of the projected token a pod presents, so a token minted for the API server (or anything
    /// else) is not accepted by mesh-cp.
    /// </summary>
    public const string DefaultAudience = "mesh-cp";
}
