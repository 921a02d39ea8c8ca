using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Sources.Kubernetes.Manifests;

/// <summary>
/// The <c>spec</c> schema of every mesh kind: the field contract of the config binders written as
/// OpenAPI. Enumerations come from the binders themselves; a test feeds the binders a probe built from
/// these schemas and checks that every mapping allows exactly the fields declared here.
/// </summary>
internal static class MeshCrdSchemas
{
    /// <summary>Durations as the config language writes them (<c>250ms</c>, <c>2s</c>, <c>1m30s</c>), in RE2 syntax.</summary>
    public const string DurationPattern = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$";

    /// <summary><c>host:port</c> or <c>[v6]:port</c>.</summary>
    public const string AddressPattern = @"^(\[[0-9a-fA-F:.]+\]|[^\s:\[\]]+):[0-9]{1,5}$";

    /// <summary>A DNS label or subdomain, as metadata names are.</summary>
    public const string NamePattern = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    private const uint UInt32Max = uint.MaxValue;

    /// <summary>The spec schema of <paramref name="kind"/>.</summary>
    public static CrdSchema Spec(string kind) => kind switch
    {
        ResourceKinds.Mesh => Mesh,
        ResourceKinds.MeshService => MeshService,
        ResourceKinds.TrafficRoute => TrafficRoute,
        ResourceKinds.DestinationPolicy => DestinationPolicy,
        ResourceKinds.AccessPolicy => AccessPolicy,
        ResourceKinds.RateLimit => RateLimit,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a mesh kind"),
    };

    private static CrdSchema Mesh => Object(
        "The mesh's settings: trust domain, mTLS mode, tracing and defaults. One per environment, named default.",
        [],
        ("trustDomain", Text("The SPIFFE trust domain of workload identities.")),
        ("mtls", Choice("off, permissive or strict.", "off", "permissive", "strict")),
        ("tracing", Object("Tracing.", [], ("samplingPercent", Percent("Share of requests traced, 0 to 100.")))),
        ("defaults", Object("Applied where a route or policy says nothing.", [], ("timeout", Duration("Route timeout.")), ("retries", Retries))));

    private static CrdSchema MeshService => Object(
        "A service: its ports, subsets by label and, outside Kubernetes, static endpoints. On Kubernetes its endpoints come from the EndpointSlices of the Service of the same name (or the one named by the mesh.dev/kubernetes-service annotation).",
        [],
        ("ports", List("Ports; the first is the one served.", Object(
            "A port.",
            ["name"],
            ("name", Text("Port name; matches the Service port of the same name.")),
            ("port", Integer("Port number.", 1, 65535)),
            ("protocol", Choice("http, http2 or grpc.", "http", "http2", "grpc"))))),
        ("subsets", List("Subsets: endpoints whose labels include all of these.", Object(
            "A subset.",
            ["name"],
            ("name", Text("Subset name, used by routes and policies.")),
            ("labels", StringMap("Labels an endpoint must have."))))),
        ("endpoints", List("Static endpoints (universal mode); added to those of the EndpointSlices.", Object(
            "An endpoint.",
            ["address"],
            ("address", Text("host:port or [v6]:port.") with { Pattern = AddressPattern }),
            ("labels", StringMap("Endpoint labels, matched by subsets.")),
            ("locality", Object("Where the endpoint runs.", [], ("region", Text("Region.")), ("zone", Text("Zone.")), ("subZone", Text("Sub-zone.")))),
            ("weight", Integer("Load-balancing weight, default 1.", 1, UInt32Max))))),
        ("mtls", Choice("This service's own mTLS mode (off, permissive or strict); default the Mesh's.", "off", "permissive", "strict")));

    private static CrdSchema TrafficRoute => Object(
        "Routes for one service: rules matched in order, the first match wins.",
        ["service", "rules"],
        ("service", Name("The MeshService routed.")),
        ("rules", List("Rules; a rule without match matches everything.", Rule) with { MinItems = 1 }));

    private static CrdSchema Rule => Object(
        "A rule.",
        ["destinations"],
        ("match", Object(
            "What requests the rule matches.",
            [],
            ("path", Object("Path match: exactly one of prefix, exact, regex.", [], ("prefix", Rooted("Path prefix.")), ("exact", Rooted("Exact path.")), ("regex", Text("RE2 regular expression."))) with { ExactlyOneOf = [["prefix", "exact", "regex"]] }),
            ("method", Choice("HTTP method.", RouteMatchBinder.Methods)),
            ("headers", HeaderMatches))),
        ("destinations", List("Weighted destinations.", Object(
            "A destination.",
            ["weight"],
            ("subset", Text("Subset; omit for every endpoint of the service.")),
            ("weight", Integer("Relative weight.", 0, UInt32Max)))) with { MinItems = 1 }),
        ("timeout", Duration("Request timeout; 0s for none.")),
        ("retries", Retries),
        ("fault", Object(
            "Fault injection: abort, delay or both.",
            [],
            ("abort", Object(
                "Abort: percent plus exactly one of httpStatus, grpcStatus.",
                ["percent"],
                ("percent", Percent("Share of requests aborted.")),
                ("httpStatus", Integer("HTTP status returned.", 200, 599)),
                ("grpcStatus", Text("gRPC status returned, such as unavailable.") with { Pattern = $"(?i)^({string.Join('|', FaultPolicyBinder.GrpcStatuses)})$" }))
                with { ExactlyOneOf = [["httpStatus", "grpcStatus"]] }),
            ("delay", Object("Delay.", ["percent", "fixedDelay"], ("percent", Percent("Share of requests delayed.")), ("fixedDelay", Duration("Delay added.")))),
            ("onlyWithHeader", StringMap("Inject only into requests with these header values.")))),
        ("hashOn", Object("Hash key for ring_hash.", ["header"], ("header", Text("Header whose value is hashed.")))));

    private static CrdSchema Retries => Object(
        "Retries.",
        ["attempts"],
        ("attempts", Integer("Retries after the first try.", 0, int.MaxValue)),
        ("perTryTimeout", Duration("Timeout of each try.")),
        ("retryOn", List("Conditions retried.", Choice("A retry condition.", [.. RetryPolicyBinder.RetryOnValues]))),
        ("budgetPercent", Integer("Retries allowed as a share of active requests.", 0, 100)),
        ("retryNonIdempotent", Boolean("Retry POST and PATCH too.")));

    private static CrdSchema DestinationPolicy => Object(
        "Load balancing, circuit breaking and outlier detection for a service or one subset.",
        ["service"],
        ("service", Name("The MeshService.")),
        ("subset", Text("The subset; omit for every subset.")),
        ("loadBalancer", Choice("Load balancer.", LoadBalancers.RoundRobin, LoadBalancers.LeastRequest, LoadBalancers.RingHash, LoadBalancers.Random)),
        ("localityPreference", Boolean("Prefer endpoints in the caller's zone.")),
        ("circuitBreaker", Object(
            "Circuit breaker thresholds.",
            [],
            ("maxConnections", Integer("Connections.", 0, UInt32Max)),
            ("maxPendingRequests", Integer("Pending requests.", 0, UInt32Max)),
            ("maxRequests", Integer("Concurrent requests.", 0, UInt32Max)),
            ("maxRetries", Integer("Concurrent retries.", 0, UInt32Max)))),
        ("outlierDetection", Object(
            "Outlier detection.",
            [],
            ("consecutive5xx", Integer("5xx in a row that eject.", 0, UInt32Max)),
            ("interval", Duration("Analysis interval.")),
            ("baseEjectionTime", Duration("Base ejection time.")),
            ("maxEjectionPercent", Integer("Most endpoints ejected at once, percent.", 0, 100)),
            ("consecutiveGatewayErrors", Integer("Gateway errors in a row that eject.", 1, UInt32Max)),
            ("consecutiveLocalFailures", Integer("Local failures in a row that eject.", 1, UInt32Max)),
            ("successRate", Object(
                "Success-rate ejection.",
                [],
                ("minimumHosts", Integer("Endpoints needed.", 1, UInt32Max)),
                ("requestVolume", Integer("Requests needed per endpoint.", 1, UInt32Max)),
                ("stdevFactor", Number("Standard deviations below the mean that eject.", 0.001, 1_000_000)))),
            ("maxEjectionTime", Duration("Longest ejection.")))));

    private static CrdSchema HeaderMatches => Map("Header matches by header name.", Object(
        "Header match: exactly one of exact, prefix, regex, present.",
        [],
        ("exact", Text("Exact value.")),
        ("prefix", Text("Value prefix.")),
        ("regex", Text("RE2 regular expression.")),
        ("present", Boolean("Header present (true) or absent (false).")))
        with { ExactlyOneOf = [["exact", "prefix", "regex", "present"]] });

    private static CrdSchema AccessPolicy => Object(
        "Who may call a service, and which methods, paths and headers; deny wins.",
        ["service", "action"],
        ("service", Name("The MeshService protected.")),
        ("action", Choice("allow or deny.", "allow", "deny")),
        ("from", List("Callers: exactly one of identity, service each.", Object(
            "A caller.",
            [],
            ("identity", Text("SPIFFE ID.") with { Pattern = "^spiffe://.+" }),
            ("service", Name("A mesh service.")))
            with { ExactlyOneOf = [["identity", "service"]] })),
        ("to", List("Operations.", Object(
            "Methods, paths and headers.",
            [],
            ("methods", List("HTTP methods.", Text("A method."))),
            ("paths", List("Paths; a trailing * matches a prefix.", Rooted("A path."))),
            ("headers", HeaderMatches)))));

    private static CrdSchema RateLimit => Object(
        "A local token-bucket limit each instance of a service enforces inbound.",
        ["service", "requestsPerSecond"],
        ("service", Name("The MeshService limited.")),
        ("requestsPerSecond", Number("Token refill rate.", 0, 1e9) with { ExclusiveMinimum = true }),
        ("burst", Integer("Bucket size.", 1, int.MaxValue)));

    private static CrdSchema Object(string description, ImmutableArray<string> required, params (string Name, CrdSchema Schema)[] properties) =>
        new("object") { Description = description, Properties = [.. properties], Required = required };

    private static CrdSchema List(string description, CrdSchema items) => new("array") { Description = description, Items = items };

    private static CrdSchema Map(string description, CrdSchema values) => new("object") { Description = description, Values = values };

    private static CrdSchema StringMap(string description) => Map(description, new CrdSchema("string"));

    private static CrdSchema Text(string description) => new("string") { Description = description, MinLength = 1 };

    private static CrdSchema Name(string description) => Text(description) with { Pattern = NamePattern };

    private static CrdSchema Rooted(string description) => Text(description) with { Pattern = "^/" };

    private static CrdSchema Choice(string description, params string[] values) => new("string") { Description = description, Enum = [.. values] };

    private static CrdSchema Duration(string description) => new("string") { Description = $"{description} Written 250ms, 2s, 1m, 1h or 1m30s.", Pattern = DurationPattern, MinLength = 2 };

    private static CrdSchema Integer(string description, long minimum, long maximum) =>
        new("integer") { Description = description, Minimum = minimum, Maximum = maximum };

    private static CrdSchema Number(string description, double minimum, double maximum) =>
        new("number") { Description = description, Minimum = minimum, Maximum = maximum };

    private static CrdSchema Percent(string description) => Number(description, 0, 100);

    private static CrdSchema Boolean(string description) => new("boolean") { Description = description };
}
