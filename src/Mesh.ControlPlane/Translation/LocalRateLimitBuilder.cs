using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Translation;

/// <summary>Translates a <c>RateLimit</c> into an <c>envoy.filters.http.local_ratelimit</c> token bucket.</summary>
internal static class LocalRateLimitBuilder
{
    private const string StatPrefix = "mesh_rate_limit";
    private const string EnabledRuntimeKey = "mesh_rate_limit_enabled";
    private const string EnforcedRuntimeKey = "mesh_rate_limit_enforced";

    private const double NanosPerSecond = 1e9;

    /// <summary>The filter as it sits in <c>http_filters</c>: no bucket, so it limits only where a route or virtual host configures one.</summary>
    public static LocalRateLimit Disabled() => new() { StatPrefix = StatPrefix };

    /// <summary>
    /// A bucket holding <c>burst</c> tokens, refilled at <c>requestsPerSecond</c>: as few tokens per fill
    /// as keep the interval at Envoy's minimum of 50 ms or more (validation makes sure the bucket holds
    /// them), and the interval those tokens take at that rate, to the nanosecond.
    /// </summary>
    public static LocalRateLimit Build(RateLimitSpec limit)
    {
        var tokensPerFill = (uint)Math.Max(1, Math.Ceiling(limit.RequestsPerSecond * RateLimitBinder.MinimumFillSeconds));
        var intervalNanos = (long)Math.Round(tokensPerFill * NanosPerSecond / limit.RequestsPerSecond, MidpointRounding.AwayFromZero);
        return new LocalRateLimit
        {
            StatPrefix = StatPrefix,
            TokenBucket = new TokenBucket
            {
                MaxTokens = (uint)limit.Burst,
                TokensPerFill = tokensPerFill,
                FillInterval = new Duration
                {
                    Seconds = intervalNanos / (long)NanosPerSecond,
                    Nanos = (int)(intervalNanos % (long)NanosPerSecond),
                },
            },

            // Envoy leaves a local rate limit disabled and unenforced unless told otherwise.
            FilterEnabled = Always(EnabledRuntimeKey),
            FilterEnforced = Always(EnforcedRuntimeKey),
        };
    }

    private static RuntimeFractionalPercent Always(string runtimeKey) => new()
    {
        DefaultValue = new FractionalPercent { Numerator = 100, Denominator = FractionalPercent.Types.DenominatorType.Hundred },
        RuntimeKey = runtimeKey,
    };
}
