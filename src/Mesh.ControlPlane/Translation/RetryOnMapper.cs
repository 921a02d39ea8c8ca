using System.Collections.Immutable;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Maps <c>retries.retryOn</c> names to an Envoy <c>retry_on</c> string. gRPC clients retry on status
/// codes only (gRFC A44), so for them connection-level conditions become <c>unavailable</c>, which is
/// the status gRPC reports for resets and refused connections.
/// </summary>
internal static class RetryOnMapper
{
    private static readonly ImmutableHashSet<string> HttpConditions = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "5xx",
        "gateway-error",
        "reset",
        "connect-failure",
        "retriable-4xx",
        "refused-stream");

    private static readonly ImmutableHashSet<string> GrpcConditions = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "cancelled",
        "deadline-exceeded",
        "internal",
        "resource-exhausted",
        "unavailable");

    private static readonly ImmutableHashSet<string> HttpConditionsGrpcSeesAsUnavailable = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "5xx",
        "gateway-error",
        "reset",
        "connect-failure",
        "refused-stream");

    /// <summary>
    /// The comma-separated <c>retry_on</c> value, in the order written, without duplicates or names the
    /// client cannot act on; empty when nothing is left to retry on.
    /// </summary>
    public static string Map(ImmutableArray<string> retryOn, ClientProfile profile)
    {
        var mapped = new List<string>(retryOn.Length);
        foreach (var condition in retryOn)
        {
            var name = MapOne(condition, profile);
            if (name is not null && !mapped.Contains(name))
            {
                mapped.Add(name);
            }
        }

        return string.Join(',', mapped);
    }

    private static string? MapOne(string condition, ClientProfile profile)
    {
        if (GrpcConditions.Contains(condition))
        {
            return condition;
        }

        if (profile.ReadsHttpRetryConditions)
        {
            return HttpConditions.Contains(condition) ? condition : null;
        }

        return HttpConditionsGrpcSeesAsUnavailable.Contains(condition) ? "unavailable" : null;
    }
}
