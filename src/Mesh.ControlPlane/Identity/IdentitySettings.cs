namespace Mesh.ControlPlane.Identity;

/// <summary>What <c>mesh-cp</c> was told about identity: its data directory, CA, authentication and Kubernetes.</summary>
internal sealed record IdentitySettings
{
    /// <summary><c>--data-dir</c>: the generated CA root, the token key and the admin token. Null: a private temporary directory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary><c>--ca-dir</c>: an operator's root (<c>tls.crt</c>, <c>tls.key</c>, optional <c>ca.crt</c>).</summary>
    public string? CaDirectory { get; init; }

    /// <summary><c>--secrets-dir</c>: <c>admin.token</c> and <c>token.key</c> shared by every replica; null: each is generated under the data directory.</summary>
    public string? SecretsDirectory { get; init; }

    /// <summary><c>--auth</c>.</summary>
    public AuthMode Auth { get; init; } = AuthMode.Required;

    /// <summary><c>--workload-cert-ttl</c>.</summary>
    public TimeSpan WorkloadCertificateLifetime { get; init; } = CertificateAuthorityOptions.DefaultWorkloadLifetime;

    /// <summary>The Kubernetes API that checks service-account tokens; null when service-account tokens are not accepted.</summary>
    public KubernetesTokenReviewOptions? Kubernetes { get; init; }
}
