using Mesh.Sdk.Resilience;
using Mesh.Sdk.Routing;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// This service's own local rate limit, as the control plane sets it on the service's virtual host, enforced
/// once per server instance. Read from the router's current table; until the service's config arrives there
/// is no limit and every request is admitted. A rebuilt table with the same settings keeps the same bucket.
/// </summary>
internal sealed class InboundRateLimit
{
    private readonly MeshRouter _router;
    private readonly Lock _gate = new();
    private volatile Snapshot _snapshot = new(null, null);

    public InboundRateLimit(MeshRouter router, IOptions<MeshClientOptions> options)
    {
        _router = router;
        var settings = options.Value;
        ListenerName = settings.ServiceName is { Length: > 0 } name ? $"{name}.{settings.Namespace}".ToLowerInvariant() : null;
    }

    /// <summary>The listener named after this service (<c>name.namespace</c>), or null when no <c>Mesh:ServiceName</c> is set.</summary>
    public string? ListenerName { get; }

    /// <summary>Asks the control plane for this service's own config without waiting for it.</summary>
    public void Follow()
    {
        if (ListenerName is { } listener)
        {
            _router.Follow(listener);
        }
    }

    /// <summary>The limit in force now, or null when requests are not limited. One volatile read unless the table changed.</summary>
    public LocalRateLimitPolicy? Current
    {
        get
        {
            var table = _router.Table;
            var snapshot = _snapshot;
            return ReferenceEquals(snapshot.Table, table) ? snapshot.Policy : Refresh(table);
        }
    }

    private LocalRateLimitPolicy? Refresh(RoutingTable table)
    {
        lock (_gate)
        {
            var held = _snapshot.Policy;
            var found = Find(table);
            var policy = found is not null && held is not null && held.HasSameSettings(found) ? held : found;
            _snapshot = new Snapshot(table, policy);
            return policy;
        }
    }

    // mesh-cp puts a service's RateLimit on its virtual host, so every route shares that one bucket.
    private LocalRateLimitPolicy? Find(RoutingTable table)
    {
        if (ListenerName is null || !table.TryGetService(ListenerName, out var service))
        {
            return null;
        }

        foreach (var route in service.Routes)
        {
            if (route.Policy.RateLimit is { } limit)
            {
                return limit;
            }
        }

        return null;
    }

    private sealed record Snapshot(RoutingTable? Table, LocalRateLimitPolicy? Policy);
}
