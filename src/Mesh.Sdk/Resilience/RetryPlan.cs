using System.Collections.Immutable;
using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Resilience;

/// <summary>A route's retry policy compiled for the call path: which outcomes retry, how often, how long to back off.</summary>
internal sealed class RetryPlan
{
    /// <summary>Envoy's default first back-off interval.</summary>
    public static readonly TimeSpan DefaultBaseInterval = TimeSpan.FromMilliseconds(25);

    private readonly ImmutableArray<int> _statusCodes;

    private RetryPlan(RetryConditions conditions, int maxRetries, TimeSpan? perTryTimeout, ImmutableArray<int> statusCodes, TimeSpan baseInterval, TimeSpan maxInterval)
    {
        Conditions = conditions;
        MaxRetries = maxRetries;
        PerTryTimeout = perTryTimeout;
        _statusCodes = statusCodes;
        BaseInterval = baseInterval;
        MaxInterval = maxInterval;
    }

    public RetryConditions Conditions { get; }

    public int MaxRetries { get; }

    public TimeSpan? PerTryTimeout { get; }

    public TimeSpan BaseInterval { get; }

    public TimeSpan MaxInterval { get; }

    public static RetryPlan From(RouteRetryPolicy policy)
    {
        var conditions = RetryConditions.None;
        foreach (var name in policy.RetryOn)
        {
            conditions |= Parse(name);
        }

        var baseInterval = policy.BaseInterval is { } b && b > TimeSpan.Zero ? b : DefaultBaseInterval;
        var maxInterval = policy.MaxInterval is { } m && m >= baseInterval ? m : baseInterval * 10;
        var perTry = policy.PerTryTimeout is { } p && p > TimeSpan.Zero ? p : (TimeSpan?)null;
        return new RetryPlan(conditions, Math.Max(0, policy.MaxRetries), perTry, policy.RetriableStatusCodes, baseInterval, maxInterval);
    }

    /// <summary>Whether a response that arrived with this HTTP status (and gRPC status, when trailers-only) is retried.</summary>
    public bool RetriesResponse(int status, int? grpcStatus)
    {
        if (status >= 500 && Has(RetryConditions.ServerError))
        {
            return true;
        }

        if (status is 502 or 503 or 504 && Has(RetryConditions.GatewayError))
        {
            return true;
        }

        if (status == 409 && Has(RetryConditions.Retriable4xx))
        {
            return true;
        }

        if (Has(RetryConditions.RetriableStatusCodes) && _statusCodes.Contains(status))
        {
            return true;
        }

        return grpcStatus switch
        {
            1 => Has(RetryConditions.GrpcCancelled),
            4 => Has(RetryConditions.GrpcDeadlineExceeded),
            8 => Has(RetryConditions.GrpcResourceExhausted),
            13 => Has(RetryConditions.GrpcInternal),
            14 => Has(RetryConditions.GrpcUnavailable),
            _ => false,
        };
    }

    /// <summary>Whether a try that failed without a response is retried.</summary>
    public bool RetriesFailure(AttemptFailure failure) => failure switch
    {
        AttemptFailure.ConnectFailure => Has(RetryConditions.ConnectFailure | RetryConditions.ServerError | RetryConditions.GatewayError),
        AttemptFailure.RefusedStream => Has(RetryConditions.RefusedStream | RetryConditions.ServerError),
        AttemptFailure.Reset => Has(RetryConditions.Reset | RetryConditions.ServerError),
        AttemptFailure.PerTryTimeout => Has(RetryConditions.Reset | RetryConditions.ServerError | RetryConditions.GatewayError),
        _ => false,
    };

    /// <summary>The back-off before retry <paramref name="retry"/> (1-based): fully jittered, exponential, capped, as Envoy's.</summary>
    public TimeSpan BackOff(int retry, Random random)
    {
        var ceiling = BaseInterval.Ticks * (1L << Math.Min(retry - 1, 30));
        var capped = Math.Min(ceiling, MaxInterval.Ticks);
        return TimeSpan.FromTicks((long)(random.NextDouble() * capped));
    }

    private bool Has(RetryConditions any) => (Conditions & any) != 0;

    private static RetryConditions Parse(string name) => name switch
    {
        "5xx" => RetryConditions.ServerError,
        "gateway-error" => RetryConditions.GatewayError,
        "reset" or "reset-before-request" => RetryConditions.Reset,
        "connect-failure" => RetryConditions.ConnectFailure,
        "refused-stream" => RetryConditions.RefusedStream,
        "retriable-4xx" => RetryConditions.Retriable4xx,
        "retriable-status-codes" => RetryConditions.RetriableStatusCodes,
        "cancelled" => RetryConditions.GrpcCancelled,
        "deadline-exceeded" => RetryConditions.GrpcDeadlineExceeded,
        "internal" => RetryConditions.GrpcInternal,
        "resource-exhausted" => RetryConditions.GrpcResourceExhausted,
        "unavailable" => RetryConditions.GrpcUnavailable,
        "non-idempotent" => RetryConditions.NonIdempotent,
        _ => RetryConditions.None,
    };
}
