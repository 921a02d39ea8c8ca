namespace Mesh.ControlPlane.Translation;

/// <summary>What one kind of xDS client accepts; the translator degrades whatever a client would NACK.</summary>
internal sealed record ClientProfile(
    ClientKind Kind,
    bool SupportsLeastRequest,
    bool SupportsRandom,
    bool SupportsRingHash,
    bool ReadsRouteTimeout,
    bool ReadsHttpRetryConditions,
    bool SeesMethodHeader)
{
    /// <summary>
    /// gRPC proxyless clients: grpc-js-xds 1.14 accepts only ROUND_ROBIN and RING_HASH in <c>lb_policy</c>
    /// and NACKs the whole CDS response otherwise; gRPC reads <c>max_stream_duration</c> instead of
    /// <c>timeout</c> (gRFC A31), retries on gRPC status codes only (gRFC A44) and matches headers
    /// against call metadata, which holds no <c>:method</c>.
    /// </summary>
    public static ClientProfile GrpcProxyless { get; } = new(ClientKind.GrpcProxyless, false, false, true, false, false, false);

    /// <summary>Envoy reads every field the translator emits.</summary>
    public static ClientProfile Envoy { get; } = new(ClientKind.Envoy, true, true, true, true, true, true);

    /// <summary>The Mesh .NET SDK implements every balancer and HTTP retry condition.</summary>
    public static ClientProfile MeshSdk { get; } = new(ClientKind.MeshSdk, true, true, true, true, true, true);

    /// <summary>The profile of <paramref name="kind"/>.</summary>
    public static ClientProfile For(ClientKind kind) => kind switch
    {
        ClientKind.Envoy => Envoy,
        ClientKind.MeshSdk => MeshSdk,
        _ => GrpcProxyless,
    };
}
