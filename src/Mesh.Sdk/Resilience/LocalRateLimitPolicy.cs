using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;

namespace Mesh.Sdk.Resilience;

/// <summary>A route's <c>envoy.filters.http.local_ratelimit</c> config: its bucket and what a refused call is answered.</summary>
internal sealed class LocalRateLimitPolicy
{
    private const int DefaultStatus = 429;

    private LocalRateLimitPolicy(TokenBucket bucket, int status)
    {
        Bucket = bucket;
        Status = status;
    }

    public TokenBucket Bucket { get; }

    /// <summary>The HTTP status of a refusal (429 unless the config says otherwise); gRPC calls get RESOURCE_EXHAUSTED.</summary>
    public int Status { get; }

    public static LocalRateLimitPolicy? Compile(LocalRateLimit config, TimeProvider clock, string field, out string? error)
    {
        var bucket = TokenBucket.Create(config.TokenBucket, clock, field, out error);
        if (bucket is null)
        {
            return null;
        }

        var status = config.Status is { } configured ? (int)configured.Code : DefaultStatus;
        return new LocalRateLimitPolicy(bucket, status is >= 400 and < 600 ? status : DefaultStatus);
    }

    /// <summary>True when <paramref name="other"/> limits exactly as this does, so a rebuilt config can keep this bucket.</summary>
    public bool HasSameSettings(LocalRateLimitPolicy other) =>
        Status == other.Status &&
        Bucket.MaxTokens == other.Bucket.MaxTokens &&
        Bucket.TokensPerFill == other.Bucket.TokensPerFill &&
        Bucket.FillInterval == other.Bucket.FillInterval;
}
