namespace Mesh.Sdk.Resilience;

/// <summary>The <c>retry_on</c> conditions the mesh understands, parsed once per route.</summary>
[Flags]
internal enum RetryConditions
{
    None = 0,

    /// <summary><c>5xx</c>: any 5xx, a reset, a failed connect or a try that timed out.</summary>
    ServerError = 1 << 0,

    /// <summary><c>gateway-error</c>: 502, 503, 504, a failed connect or a try that timed out.</summary>
    GatewayError = 1 << 1,

    /// <summary><c>reset</c>: the connection or stream was reset, or a try timed out, before headers.</summary>
    Reset = 1 << 2,

    /// <summary><c>connect-failure</c>.</summary>
    ConnectFailure = 1 << 3,

    /// <summary><c>refused-stream</c>: HTTP/2 REFUSED_STREAM.</summary>
    RefusedStream = 1 << 4,

    /// <summary><c>retriable-4xx</c>: 409.</summary>
    Retriable4xx = 1 << 5,

    /// <summary><c>retriable-status-codes</c>: the policy's listed codes.</summary>
    RetriableStatusCodes = 1 << 6,

    /// <summary><c>cancelled</c>; this and the following are gRPC status names, judged from trailers-only responses.</summary>
    GrpcCancelled = 1 << 7,

    GrpcDeadlineExceeded = 1 << 8,

    GrpcInternal = 1 << 9,

    GrpcResourceExhausted = 1 << 10,

    GrpcUnavailable = 1 << 11,

    /// <summary><c>non-idempotent</c> (mesh extension): also retry POST, PATCH and other unsafe methods.</summary>
    NonIdempotent = 1 << 12,
}
