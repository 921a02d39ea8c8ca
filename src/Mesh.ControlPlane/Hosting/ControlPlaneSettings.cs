using System.Net;
using Mesh.ControlPlane.Identity;

namespace Mesh.ControlPlane.Hosting;

/// <summary>What <c>mesh-cp</c> was started with.</summary>
internal sealed record ControlPlaneSettings(
    string ConfigDirectory,
    string? Environment,
    IPEndPoint XdsEndpoint,
    IPEndPoint AdminEndpoint)
{
    /// <summary>Data directory, CA, authentication and Kubernetes TokenReview settings.</summary>
    public IdentitySettings Identity { get; init; } = new();
}
