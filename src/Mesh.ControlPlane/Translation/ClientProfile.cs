namespace Mesh.ControlPlane.Translation;

/// <summary>What one kind of xDS client accepts; the translator degrades whatever a client would NACK.</summary>
internal sealed record ClientProfile(
    ClientKind Kind,
    bool SupportsLeastRequest,
    bool SupportsRandom,
    bool SupportsRingHash,
    bool ReadsRouteTimeout,
    bool ReadsHttpRetryConditions,
    bool SeesMethodHeader)
{
    /// <summary>Whether the client applies <c>HTTPFault.headers</c>; gRPC ignores them (gRFC A33), so the translator gates by route instead.</summary>
    public bool ReadsFaultHeaders { get; init; } = true;

    /// <summary>Whether the client accepts <c>envoy.filters.http.local_ratelimit</c>; gRPC NACKs a filter it does not implement.</summary>
    public bool SupportsLocalRateLimit { get; init; } = true;

    /// <summary>Whether the client runs <c>retry_host_predicate</c> and cluster <c>retry_budget</c>; gRPC implements neither.</summary>
    public bool SupportsRetryHostsAndBudgets { get; init; } = true;

    /// <summary>
    /// Whether the client ejects on consecutive errors (<c>consecutive_*</c>); gRPC implements only
    /// success-rate and failure-percentage ejection (gRFC A50).
    /// </summary>
    public bool EjectsOnConsecutiveErrors { get; init; } = true;

    /// <summary>
    /// Whether the client takes the mesh's <c>UpstreamTlsContext</c> and inbound RBAC filters. gRPC proxyless
    /// clients would need certificate providers in their bootstrap and NACK RBAC on a client listener, so
    /// they talk plaintext (a server in <c>permissive</c> mode admits them).
    /// </summary>
    public bool SupportsMeshTls { get; init; } = true;

    /// <summary>Whether the client reads the mesh's own <c>retry_on</c> token <c>non-idempotent</c>; only the Mesh SDK does.</summary>
    public bool ReadsMeshRetryConditions { get; init; }

    /// <summary>
    /// Whether the client reports load only to a cluster's <c>lrs_server</c>; gRPC does (gRFC A27), the Mesh SDK
    /// reports every cluster unasked, and Envoy takes its load reporting from its bootstrap.
    /// </summary>
    public bool ReportsLoadWhenAsked { get; init; }

    /// <summary>
    /// gRPC proxyless clients: grpc-js-xds 1.14 accepts only ROUND_ROBIN and RING_HASH in <c>lb_policy</c>
    /// and NACKs the whole CDS response otherwise; gRPC reads <c>max_stream_duration</c> instead of
    /// <c>timeout</c> (gRFC A31), retries on gRPC status codes only (gRFC A44) and matches headers
    /// against call metadata, which holds no <c>:method</c>.
    /// </summary>
    public static ClientProfile GrpcProxyless { get; } = new(ClientKind.GrpcProxyless, false, false, true, false, false, false)
    {
        ReadsFaultHeaders = false,
        SupportsLocalRateLimit = false,
        SupportsRetryHostsAndBudgets = false,
        EjectsOnConsecutiveErrors = false,
        SupportsMeshTls = false,
        ReportsLoadWhenAsked = true,
    };

    /// <summary>Envoy reads every field the translator emits.</summary>
    public static ClientProfile Envoy { get; } = new(ClientKind.Envoy, true, true, true, true, true, true);

    /// <summary>The Mesh .NET SDK implements every balancer and HTTP retry condition.</summary>
    public static ClientProfile MeshSdk { get; } = new(ClientKind.MeshSdk, true, true, true, true, true, true)
    {
        ReadsMeshRetryConditions = true,
    };

    /// <summary>The profile of <paramref name="kind"/>.</summary>
    public static ClientProfile For(ClientKind kind) => kind switch
    {
        ClientKind.Envoy => Envoy,
        ClientKind.MeshSdk => MeshSdk,
        _ => GrpcProxyless,
    };
}
