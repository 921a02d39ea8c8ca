using Envoy.Extensions.Retry.Host.PreviousHosts.V3;
using Google.Protobuf.WellKnownTypes;
using XdsRetryPolicy = Envoy.Config.Route.V3.RetryPolicy;

namespace Mesh.ControlPlane.Translation;

/// <summary>Translates <c>retries</c> into a route's <c>retry_policy</c>.</summary>
internal static class RetryPolicyBuilder
{
    /// <summary>Envoy's default back-off: 25 ms, doubling (with jitter) up to ten times that.</summary>
    public static readonly TimeSpan BaseInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The longest back-off between two attempts.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The mesh's <c>retry_on</c> token that lets the SDK retry methods that are not idempotent.</summary>
    public const string NonIdempotentCondition = "non-idempotent";

    // Envoy's documented setting with previous_hosts: up to three picks to find a host not tried yet.
    private const long HostSelectionAttempts = 3;

    /// <summary>
    /// The retry policy, or null when there is nothing to retry: no attempts (grpc-js-xds NACKs
    /// <c>num_retries</c> 0) or no condition this client understands. Clients that can pick the
    /// endpoint per attempt are told to retry on an endpoint no earlier attempt used.
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

        if (retries.RetryNonIdempotent && profile.ReadsMeshRetryConditions)
        {
            retryOn = string.Concat(retryOn, ",", NonIdempotentCondition);
        }

        var policy = new XdsRetryPolicy
        {
            RetryOn = retryOn,
            NumRetries = (uint)retries.Attempts,
            RetryBackOff = new XdsRetryPolicy.Types.RetryBackOff
            {
                BaseInterval = Duration.FromTimeSpan(BaseInterval),
                MaxInterval = Duration.FromTimeSpan(MaxInterval),
            },
        };
        if (retries.PerTryTimeout is { } perTry)
        {
            policy.PerTryTimeout = Duration.FromTimeSpan(perTry);
        }

        if (profile.SupportsRetryHostsAndBudgets)
        {
            policy.RetryHostPredicate.Add(new XdsRetryPolicy.Types.RetryHostPredicate
            {
                Name = XdsNames.PreviousHostsPredicate,
                TypedConfig = Any.Pack(new PreviousHostsPredicate()),
            });
            policy.HostSelectionRetryMaxAttempts = HostSelectionAttempts;
        }

        return policy;
    }
}
