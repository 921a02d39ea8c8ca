namespace Mesh.Cli.Install;

/// <summary>What <c>mesh install</c> renders: where, how many replicas, which image and environment.</summary>
internal sealed record InstallOptions(string Namespace, int Replicas, string Image, string? Environment)
{
    public const string DefaultNamespace = "mesh-system";
    public const int DefaultReplicas = 2;
    public const string DefaultImage = "mesh-cp:latest";

    /// <summary>The Secret (type <c>kubernetes.io/tls</c>) holding the mesh CA every replica signs with.</summary>
    public const string CaSecret = "mesh-ca";

    /// <summary>The Secret (keys <c>admin.token</c>, <c>token.key</c>) every replica shares for the admin API and workload tokens.</summary>
    public const string SharedSecret = "mesh-cp-secrets";

    public const int XdsPort = 15010;
    public const int AdminPort = 15014;

    public static InstallOptions Default { get; } = new(DefaultNamespace, DefaultReplicas, DefaultImage, null);
}
