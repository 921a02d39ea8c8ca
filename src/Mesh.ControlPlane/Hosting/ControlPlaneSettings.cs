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

    /// <summary>How often a replica takes its peers' token revocations when none reached it (<c>--peer-sync</c>).</summary>
    public static readonly TimeSpan DefaultPeerSync = TimeSpan.FromSeconds(30);

    /// <summary>The other replicas' admin addresses (<c>--peers</c>), whose traffic, clients and revocations this one shares.</summary>
    public ImmutableArray<DnsEndPoint> Peers { get; init; } = [];

    /// <summary>How often, besides at start, a replica with peers takes their revocations (<c>--peer-sync</c>).</summary>
    public TimeSpan PeerSync { get; init; } = DefaultPeerSync;
}
