namespace Mesh.Testing.Kubernetes;

/// <summary>One endpoint of an EndpointSlice: its IP, readiness, zone and pod.</summary>
public sealed record SliceEndpoint(string Address, bool Ready = true, string? Zone = null, string? Pod = null);
