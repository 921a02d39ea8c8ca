using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// A cluster's <c>circuit_breakers</c> (default priority) over its shared <see cref="ClusterCounters"/>.
/// In-process there is no connection queue, so the limits map as: <c>max_requests</c> counts calls until
/// their response body ends; <c>max_pending_requests</c> counts calls still waiting for response headers;
/// <c>max_connections</c> counts HTTP/1.x calls in flight (each holds a connection); <c>max_retries</c>
/// counts retries in flight, or with a <c>retry_budget</c> the budget's share of active requests.
/// </summary>
internal sealed class CircuitBreaker
{
    /// <summary>Envoy's default for max_connections, max_pending_requests and max_requests.</summary>
    public const int DefaultLimit = 1024;

    /// <summary>Envoy's default for max_retries.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Envoy's defaults for a retry_budget that leaves its fields unset.</summary>
    public const double DefaultBudgetPercent = 20;

    public const int DefaultMinRetryConcurrency = 3;

    public CircuitBreaker(CircuitBreakers? config, ClusterCounters counters)
    {
        Counters = counters;
        var thresholds = DefaultThresholds(config);
        MaxConnections = Limit(thresholds?.MaxConnections, DefaultLimit);
        MaxPendingRequests = Limit(thresholds?.MaxPendingRequests, DefaultLimit);
        MaxRequests = Limit(thresholds?.MaxRequests, DefaultLimit);
        MaxRetries = Limit(thresholds?.MaxRetries, DefaultMaxRetries);
        if (thresholds?.RetryBudget is { } budget)
        {
            BudgetPercent = budget.BudgetPercent is { } percent ? Math.Clamp(percent.Value, 0, 100) : DefaultBudgetPercent;
            MinRetryConcurrency = Limit(budget.MinRetryConcurrency, DefaultMinRetryConcurrency);
        }
    }

    public ClusterCounters Counters { get; }

    public int MaxConnections { get; }

    public int MaxPendingRequests { get; }

    public int MaxRequests { get; }

    public int MaxRetries { get; }

    /// <summary>The retry budget's share of active requests, in percent; null without a retry_budget.</summary>
    public double? BudgetPercent { get; }

    public int MinRetryConcurrency { get; }

    /// <summary>The <c>retry_budget</c>'s percentage, else the mesh's default, for the retry rate budget.</summary>
    public double RetryRatio => (BudgetPercent ?? DefaultBudgetPercent) / 100;

    /// <summary>
    /// Admits one try, counting it as a request, a pending request and, for HTTP/1.x, a connection; on
    /// overflow counts nothing and names the limit. Pair with <see cref="HeadersArrived"/> and <see cref="Exit"/>.
    /// </summary>
    public string? TryEnter(bool holdsConnection)
    {
        if (Counters.Requests >= MaxRequests)
        {
            return "max_requests";
        }

        if (Counters.Pending >= MaxPendingRequests)
        {
            return "max_pending_requests";
        }

        if (holdsConnection && Counters.Connections >= MaxConnections)
        {
            return "max_connections";
        }

        Interlocked.Increment(ref Counters.RequestsRef);
        Interlocked.Increment(ref Counters.PendingRef);
        if (holdsConnection)
        {
            Interlocked.Increment(ref Counters.ConnectionsRef);
        }

        return null;
    }

    /// <summary>The try stopped waiting for headers (they arrived or it failed).</summary>
    public void HeadersArrived() => Interlocked.Decrement(ref Counters.PendingRef);

    /// <summary>The try is over: its response body ended or it failed.</summary>
    public void Exit(bool holdsConnection)
    {
        Interlocked.Decrement(ref Counters.RequestsRef);
        if (holdsConnection)
        {
            Interlocked.Decrement(ref Counters.ConnectionsRef);
        }
    }

    /// <summary>Admits one retry under max_retries or the retry budget; pair with <see cref="ExitRetry"/>.</summary>
    public bool TryEnterRetry()
    {
        var limit = BudgetPercent is { } percent
            ? Math.Max(MinRetryConcurrency, (int)(percent / 100 * (Counters.Requests + Counters.Pending)))
            : MaxRetries;
        if (Counters.Retries >= limit)
        {
            return false;
        }

        Interlocked.Increment(ref Counters.RetriesRef);
        return true;
    }

    public void ExitRetry() => Interlocked.Decrement(ref Counters.RetriesRef);

    private static CircuitBreakers.Types.Thresholds? DefaultThresholds(CircuitBreakers? config)
    {
        if (config is null)
        {
            return null;
        }

        foreach (var thresholds in config.Thresholds)
        {
            if (thresholds.Priority == RoutingPriority.Default)
            {
                return thresholds;
            }
        }

        return null;
    }

    private static int Limit(uint? value, int fallback) => value is { } v ? (int)Math.Min(v, int.MaxValue) : fallback;
}
