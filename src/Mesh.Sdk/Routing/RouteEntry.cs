using System.Collections.Immutable;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Resilience;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sdk.Routing;

/// <summary>One route of a service, compiled: what it matches, where it sends, and its per-route policy as plain values.</summary>
internal sealed class RouteEntry
{
    private readonly RouteMatcher _matcher;
    private readonly WeightedClusterPicker _clusters;

    public RouteEntry(
        string name,
        RouteMatcher matcher,
        WeightedClusterPicker clusters,
        TimeSpan? timeout,
        TimeSpan? maxStreamDuration,
        RouteRetryPolicy? retryPolicy,
        string? hashHeaderName,
        FaultPolicy? fault = null,
        LocalRateLimitPolicy? rateLimit = null)
    {
        Name = name;
        _matcher = matcher;
        _clusters = clusters;
        Timeout = timeout;
        MaxStreamDuration = maxStreamDuration;
        RetryPolicy = retryPolicy;
        HashHeaderName = hashHeaderName;
        Policy = new RoutePolicy(timeout, maxStreamDuration, retryPolicy, fault, rateLimit);
    }

    /// <summary>The route's xDS name, for logs and metrics.</summary>
    public string Name { get; }

    /// <summary>The route's <c>timeout</c>; null when unset (Envoy then applies 15 s), zero disables it.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary><c>max_stream_duration.max_stream_duration</c>, the deadline gRPC clients apply; null when unset.</summary>
    public TimeSpan? MaxStreamDuration { get; }

    /// <summary>The route's retry policy, else its virtual host's; null when neither sets one.</summary>
    public RouteRetryPolicy? RetryPolicy { get; }

    /// <summary>The header whose value ring_hash hashes (the first header hash_policy); null when none.</summary>
    public string? HashHeaderName { get; }

    /// <summary>The deadlines, retries, faults and rate limit the call path enforces, resolved once per build.</summary>
    public RoutePolicy Policy { get; }

    /// <summary>Every cluster this route may send to.</summary>
    public ImmutableArray<ClusterState> Clusters => _clusters.Clusters;

    public bool Matches(HttpRequestMessage request, string path) => _matcher.Matches(request, path);

    public bool Matches(HttpRequest request, string path) => _matcher.Matches(request, path);

    /// <summary>The cluster for one call, drawn by the weighted_clusters weights.</summary>
    public ClusterState PickCluster() => _clusters.Pick();

    /// <summary>The xxHash64 of the hash_policy header's value, or null when the route or the request has none.</summary>
    public ulong? HashRequest(HttpRequestMessage request) =>
        HashHeaderName is { } name && RequestHeaders.TryGetValue(request, name, out var value)
            ? XxHash64.HashUtf8(value)
            : null;

    public override string ToString() => Name;
}
