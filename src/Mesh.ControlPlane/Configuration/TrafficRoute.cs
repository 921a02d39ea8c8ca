using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>TrafficRoute</c> resource: ordered rules for calls to one service.</summary>
internal sealed record TrafficRoute(ResourceMetadata Metadata, TrafficRouteSpec Spec) : MeshResource(Metadata)
{
    public override string Kind => ResourceKinds.TrafficRoute;
}

/// <summary><c>TrafficRoute.spec</c>; the first matching rule wins.</summary>
internal sealed record TrafficRouteSpec(string Service, ImmutableArray<RouteRule> Rules);

/// <summary>One entry of <c>spec.rules</c>; a null <see cref="Match"/> matches every call.</summary>
internal sealed record RouteRule(
    RouteMatch? Match,
    ImmutableArray<RouteDestination> Destinations,
    TimeSpan? Timeout,
    RetryPolicy? Retries,
    FaultPolicy? Fault,
    HashPolicy? HashOn,
    SourceLocation Location);

/// <summary><c>rules[].match</c>: every present condition must hold.</summary>
internal sealed record RouteMatch(
    PathMatch? Path,
    string? Method,
    ImmutableSortedDictionary<string, HeaderMatch> Headers);

/// <summary><c>match.path</c>: exactly one of the three is set.</summary>
internal sealed record PathMatch(string? Prefix, string? Exact, string? Regex);

/// <summary><c>match.headers.NAME</c>: exactly one of the four is set.</summary>
internal sealed record HeaderMatch(string? Exact, string? Prefix, string? Regex, bool? Present);

/// <summary><c>rules[].destinations[]</c>: a subset of the route's service (null: all endpoints) and its weight.</summary>
internal sealed record RouteDestination(string? Subset, uint Weight, SourceLocation Location);

/// <summary><c>retries</c>; <see cref="RetryOn"/> holds the condition names as written.</summary>
internal sealed record RetryPolicy(
    int Attempts,
    TimeSpan? PerTryTimeout,
    ImmutableArray<string> RetryOn,
    int? BudgetPercent)
{
    /// <summary><c>retryNonIdempotent</c>: also retry POST, PATCH and other methods that are not idempotent.</summary>
    public bool RetryNonIdempotent { get; init; }
}

/// <summary><c>fault</c>: injected aborts and delays, optionally only for calls carrying headers.</summary>
internal sealed record FaultPolicy(
    FaultAbort? Abort,
    FaultDelay? Delay,
    ImmutableSortedDictionary<string, string> OnlyWithHeader);

/// <summary><c>fault.abort</c>.</summary>
internal sealed record FaultAbort(double Percent, int? HttpStatus, string? GrpcStatus);

/// <summary><c>fault.delay</c>.</summary>
internal sealed record FaultDelay(double Percent, TimeSpan FixedDelay);

/// <summary><c>hashOn</c>: what ring_hash hashes.</summary>
internal sealed record HashPolicy(string? Header);
