namespace Mesh.Cli.Injection;

/// <summary>What <c>mesh inject</c> puts beside each Deployment's application container.</summary>
/// <param name="Image">The sidecar image.</param>
/// <param name="ControlPlane">The control plane's xDS address the sidecar follows.</param>
/// <param name="ServiceName">The service name, or null to take it from the Deployment's labels or name.</param>
/// <param name="AppPort">The application's port, or null to take the first container port.</param>
internal sealed record SidecarTemplate(string Image, string ControlPlane, string? ServiceName, int? AppPort)
{
    public const string ContainerName = "mesh-sidecar";
    public const string DefaultImage = "ghcr.io/mesh/mesh-sidecar:latest";
    public const string DefaultControlPlane = "http://mesh-cp.mesh-system:15010";
    public const int OutboundPort = 15001;
    public const int InboundPort = 15006;
    public const int AdminPort = 15021;
    public const string InjectedAnnotation = "mesh.dev/sidecar";
}
