namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>Mesh</c> resource: mesh-wide settings for one environment.</summary>
internal sealed record MeshSettings(ResourceMetadata Metadata, MeshSpec Spec) : MeshResource(Metadata)
{
    public override string Kind => ResourceKinds.Mesh;
}

/// <summary><c>Mesh.spec</c>; <see cref="TracingSamplingPercent"/> is null when <c>tracing</c> is not set, leaving sampling to each app.</summary>
internal sealed record MeshSpec(
    string TrustDomain,
    MtlsMode Mtls,
    double? TracingSamplingPercent,
    TimeSpan? DefaultTimeout,
    RetryPolicy? DefaultRetries)
{
    public static MeshSpec Default { get; } = new("cluster.local", MtlsMode.Off, null, null, null);
}

/// <summary><c>Mesh.spec.mtls</c>.</summary>
internal enum MtlsMode
{
    Off,
    Permissive,
    Strict,
}
