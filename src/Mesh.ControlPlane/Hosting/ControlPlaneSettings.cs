using System.Collections.Immutable;
using System.Net;
using Mesh.ControlPlane.Identity;
using Mesh.ControlPlane.Sources.Kubernetes;

namespace Mesh.ControlPlane.Hosting;

/// <summary>What <c>mesh-cp</c> was started with.</summary>
internal sealed record ControlPlaneSettings(
    string ConfigDirectory,
    string? Environment,
    IPEndPoint XdsEndpoint,
    IPEndPoint AdminEndpoint)
{
    /// <summary>Where to watch mesh config in Kubernetes (<c>--source kubernetes</c>); null to read <see cref="ConfigDirectory"/>.</summary>
    public KubernetesSourceSettings? Kubernetes { get; init; }

    /// <summary>Data directory, CA, authentication and Kubernetes TokenReview settings.</summary>
    public IdentitySettings Identity { get; init; } = new();

    /// <summary>The other replicas' admin addresses (<c>--peers</c>), whose traffic <c>/stats</c> and the dashboard merge in.</summary>
    public ImmutableArray<DnsEndPoint> Peers { get; init; } = [];
}
