using System.Net;

namespace Mesh.ControlPlane.Hosting;

/// <summary>What <c>mesh-cp</c> was started with.</summary>
internal sealed record ControlPlaneSettings(
    string ConfigDirectory,
    string? Environment,
    IPEndPoint XdsEndpoint,
    IPEndPoint AdminEndpoint);
