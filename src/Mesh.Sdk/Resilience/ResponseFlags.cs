namespace Mesh.Sdk.Resilience;

/// <summary>
/// Envoy-style response flags: why the mesh itself produced or altered a response. Sent in
/// <see cref="MeshHeaders.ResponseFlags"/> so a 503 from the mesh is never mistaken for the service's own.
/// </summary>
[Flags]
internal enum ResponseFlags
{
    None = 0,

    /// <summary>UH: no healthy endpoint to send to.</summary>
    NoHealthyUpstream = 1 << 0,

    /// <summary>UF: connecting to the upstream failed.</summary>
    UpstreamConnectionFailure = 1 << 1,

    /// <summary>UO: a circuit breaker overflowed.</summary>
    UpstreamOverflow = 1 << 2,

    /// <summary>NR: no route matched.</summary>
    NoRoute = 1 << 3,

    /// <summary>URX: retries were exhausted or refused by the budget.</summary>
    UpstreamRetryLimitExceeded = 1 << 4,

    /// <summary>UT: the route's (or the try's) timeout passed.</summary>
    UpstreamRequestTimeout = 1 << 5,

    /// <summary>UC: the upstream connection or stream was reset.</summary>
    UpstreamConnectionTermination = 1 << 6,

    /// <summary>DI: fault injection delayed the call.</summary>
    DelayInjected = 1 << 7,

    /// <summary>FI: fault injection aborted the call.</summary>
    FaultInjected = 1 << 8,

    /// <summary>RL: the local rate limit refused the call.</summary>
    RateLimited = 1 << 9,
}
