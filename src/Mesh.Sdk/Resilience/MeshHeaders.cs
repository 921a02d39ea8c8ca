namespace Mesh.Sdk.Resilience;

/// <summary>Headers the mesh adds to requests and responses.</summary>
internal static class MeshHeaders
{
    /// <summary>On responses the mesh produced or altered: Envoy-style flags saying why (<c>UO</c>, <c>UF,URX</c>).</summary>
    public const string ResponseFlags = "x-mesh-response-flags";

    /// <summary>On circuit-breaker overflows: which limit overflowed (<c>max_requests</c>, <c>max_pending_requests</c>, ...).</summary>
    public const string Overflow = "x-mesh-overflow";

    /// <summary>On HTTP requests: the milliseconds the upstream has before the mesh gives up, as Envoy sends it.</summary>
    public const string ExpectedTimeout = "x-envoy-expected-rq-timeout-ms";

    /// <summary>
    /// On requests a mesh caller sent under a route with a fault policy: the caller already drew the fault,
    /// so the server's <c>UseMesh()</c> must not draw it again.
    /// </summary>
    public const string FaultEvaluated = "x-mesh-fault-evaluated";

    /// <summary>The gRPC deadline header.</summary>
    public const string GrpcTimeout = "grpc-timeout";

    public const string GrpcStatus = "grpc-status";

    public const string GrpcMessage = "grpc-message";
}
