using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds a <c>retries</c> field, shared by routes and the mesh-wide defaults.</summary>
internal static class RetryPolicyBinder
{
    /// <summary>The conditions <c>retryOn</c> accepts: Envoy's HTTP and gRPC retry conditions.</summary>
    public static readonly ImmutableArray<string> RetryOnValues =
    [
        "5xx", "gateway-error", "reset", "connect-failure", "retriable-4xx", "refused-stream", "retriable-status-codes",
        "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
    ];

    public static RetryPolicy? Bind(NodeReader parent)
    {
        var retries = parent.Mapping("retries", false, "attempts", "perTryTimeout", "retryOn", "budgetPercent", "retryNonIdempotent");
        if (retries is null)
        {
            return null;
        }

        var attempts = retries.Integer("attempts", 0, int.MaxValue, required: true);
        var perTryTimeout = retries.Duration("perTryTimeout");
        var retryOn = retries.StringList("retryOn", static value => RetryOnValues.Contains(value)
            ? null
            : $"unknown retry condition '{value}'; use one of {string.Join(", ", RetryOnValues)}");
        var budget = retries.Integer("budgetPercent", 0, 100);
        var nonIdempotent = retries.Boolean("retryNonIdempotent");
        return attempts is null
            ? null
            : new RetryPolicy((int)attempts, perTryTimeout, retryOn, (int?)budget) { RetryNonIdempotent = nonIdempotent ?? false };
    }
}
