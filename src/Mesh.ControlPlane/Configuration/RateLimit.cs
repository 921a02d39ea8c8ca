namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>RateLimit</c> resource: a local token bucket per service.</summary>
internal sealed record RateLimit(ResourceMetadata Metadata, RateLimitSpec Spec) : MeshResource(Metadata)
{
    public override string Kind => ResourceKinds.RateLimit;
}

/// <summary><c>RateLimit.spec</c>.</summary>
internal sealed record RateLimitSpec(string Service, double RequestsPerSecond, int Burst);
