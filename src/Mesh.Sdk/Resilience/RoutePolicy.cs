using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// Everything the call path enforces for one route, resolved when the table is built so a call reads
/// plain fields: deadlines, the retry plan, fault injection and the local rate limit.
/// </summary>
internal sealed class RoutePolicy
{
    /// <summary>Envoy's route timeout when the route sets none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public RoutePolicy(TimeSpan? timeout, TimeSpan? maxStreamDuration, RouteRetryPolicy? retry, FaultPolicy? fault, LocalRateLimitPolicy? rateLimit)
    {
        HttpTimeout = timeout is { } t ? (t > TimeSpan.Zero ? t : null) : DefaultTimeout;

        // gRPC callers set their own deadlines and streams may run long, so Envoy's 15 s default is not imposed on them.
        GrpcTimeout = maxStreamDuration is { } m && m > TimeSpan.Zero ? m : timeout is { } g && g > TimeSpan.Zero ? g : null;
        Retry = retry is null ? null : RetryPlan.From(retry);
        Fault = fault;
        RateLimit = rateLimit;
    }

    /// <summary>How long an HTTP call may wait for response headers; null for no limit.</summary>
    public TimeSpan? HttpTimeout { get; }

    /// <summary>The deadline of a gRPC call: <c>max_stream_duration</c>, else the route timeout; null for none.</summary>
    public TimeSpan? GrpcTimeout { get; }

    public RetryPlan? Retry { get; }

    public FaultPolicy? Fault { get; }

    public LocalRateLimitPolicy? RateLimit { get; }

    /// <summary>The deadline header's text for this route's tries.</summary>
    public DeadlineHeaderText DeadlineHeader { get; } = new();
}
