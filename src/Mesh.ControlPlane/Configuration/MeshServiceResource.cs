using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>MeshService</c> resource: a service, its ports, subsets and (universal mode) endpoints.</summary>
internal sealed record MeshServiceResource(ResourceMetadata Metadata, MeshServiceSpec Spec) : MeshResource(Metadata)
{
    public override string Kind => ResourceKinds.MeshService;
}

/// <summary><c>MeshService.spec</c>.</summary>
internal sealed record MeshServiceSpec(
    ImmutableArray<ServicePort> Ports,
    ImmutableArray<ServiceSubset> Subsets,
    ImmutableArray<ServiceEndpoint> Endpoints,
    MtlsMode? Mtls = null);

/// <summary>One entry of <c>spec.ports</c>; <see cref="Port"/> is null when the port is left to the endpoints.</summary>
internal sealed record ServicePort(string Name, int? Port, ServiceProtocol Protocol);

/// <summary><c>spec.ports[].protocol</c>.</summary>
internal enum ServiceProtocol
{
    Http,
    Http2,
    Grpc,
}

/// <summary>One entry of <c>spec.subsets</c>: endpoints whose labels include all of <see cref="Labels"/>.</summary>
internal sealed record ServiceSubset(string Name, ImmutableSortedDictionary<string, string> Labels);

/// <summary>One entry of <c>spec.endpoints</c>; <see cref="Address"/> is <c>host:port</c> split in two.</summary>
internal sealed record ServiceEndpoint(
    string Host,
    int Port,
    ImmutableSortedDictionary<string, string> Labels,
    EndpointLocality Locality,
    uint Weight,
    SourceLocation Location)
{
    public string Address => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

/// <summary>Where an endpoint runs; empty strings when unknown.</summary>
internal sealed record EndpointLocality(string Region, string Zone, string SubZone)
{
    public static EndpointLocality Unknown { get; } = new(string.Empty, string.Empty, string.Empty);
}
