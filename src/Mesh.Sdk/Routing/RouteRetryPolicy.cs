using System.Collections.Immutable;
using XdsRetryPolicy = Envoy.Config.Route.V3.RetryPolicy;

namespace Mesh.Sdk.Routing;

/// <summary>A route's <c>retry_policy</c> as plain values for the resilience layer.</summary>
/// <param name="RetryOn">The <c>retry_on</c> conditions, such as <c>5xx</c>, <c>reset</c> or <c>unavailable</c>.</param>
/// <param name="MaxRetries">Retries after the first attempt; Envoy's default of 1 when <c>num_retries</c> is unset.</param>
/// <param name="PerTryTimeout">The deadline of each attempt, or null to use the route's timeout.</param>
/// <param name="RetriableStatusCodes">HTTP status codes retried under <c>retriable-status-codes</c>.</param>
/// <param name="BaseInterval">The first backoff interval, or null for Envoy's 25 ms default.</param>
/// <param name="MaxInterval">The backoff cap, or null for ten times the base interval.</param>
internal sealed record RouteRetryPolicy(
    ImmutableArray<string> RetryOn,
    int MaxRetries,
    TimeSpan? PerTryTimeout,
    ImmutableArray<int> RetriableStatusCodes,
    TimeSpan? BaseInterval,
    TimeSpan? MaxInterval)
{
    private const int DefaultMaxRetries = 1;

    public static RouteRetryPolicy From(XdsRetryPolicy policy)
    {
        var conditions = ImmutableArray.CreateBuilder<string>();
        foreach (var condition in policy.RetryOn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            conditions.Add(condition);
        }

        var codes = ImmutableArray.CreateBuilder<int>(policy.RetriableStatusCodes.Count);
        foreach (var code in policy.RetriableStatusCodes)
        {
            codes.Add((int)code);
        }

        return new RouteRetryPolicy(
            conditions.ToImmutable(),
            policy.NumRetries is { } retries ? (int)Math.Min(retries, int.MaxValue) : DefaultMaxRetries,
            policy.PerTryTimeout?.ToTimeSpan(),
            codes.MoveToImmutable(),
            policy.RetryBackOff?.BaseInterval?.ToTimeSpan(),
            policy.RetryBackOff?.MaxInterval?.ToTimeSpan());
    }
}
