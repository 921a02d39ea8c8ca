using Google.Protobuf.WellKnownTypes;
using XdsRetryPolicy = Envoy.Config.Route.V3.RetryPolicy;

namespace Mesh.ControlPlane.Translation;

/// <summary>Translates <c>retries</c> into a route's <c>retry_policy</c>.</summary>
internal static class RetryPolicyBuilder
{
    /// <summary>
    /// The retry policy, or null when there is nothing to retry: no attempts (grpc-js-xds NACKs
    /// <c>num_retries</c> 0) or no condition this client understands.
    /// </summary>
    public static XdsRetryPolicy? Build(Configuration.RetryPolicy? retries, ClientProfile profile)
    {
        if (retries is null || retries.Attempts <= 0)
        {
            return null;
        }

        var retryOn = RetryOnMapper.Map(retries.RetryOn, profile);
        if (retryOn.Length == 0)
        {
            return null;
        }

        var policy = new XdsRetryPolicy
        {
            RetryOn = retryOn,
            NumRetries = (uint)retries.Attempts,
        };
        if (retries.PerTryTimeout is { } perTry)
        {
            policy.PerTryTimeout = Duration.FromTimeSpan(perTry);
        }

        return policy;
    }
}
