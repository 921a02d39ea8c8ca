namespace Mesh.ControlPlane.Identity;

/// <summary>Where mesh-cp checks Kubernetes service-account tokens (<c>--kube-api-server</c> and friends).</summary>
internal sealed record KubernetesTokenReviewOptions(
    Uri ApiServer,
    string? CredentialsFile,
    string? CertificateAuthorityFile,
    string Audience)
{
    /// <summary>In a pod: the API server's address and mesh-cp's own service-account files.</summary>
    public const string InClusterTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /// <summary>The CA that signed the API server's certificate, in a pod.</summary>
    public const string InClusterCaFile = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

    /// <summary>The audience workloads' projected tokens are minted for, by default.</summary>
    public const string DefaultAudience = "mesh-cp";
}
