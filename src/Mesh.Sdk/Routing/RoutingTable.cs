using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Xds;

namespace Mesh.Sdk.Routing;

/// <summary>
/// The immutable snapshot the handler reads on every call: host → service → route → cluster → endpoint.
/// Built from the xDS client's last good resources; a change builds a new table and swaps the reference.
/// </summary>
internal sealed class RoutingTable
{
    private readonly FrozenDictionary<string, ServiceRoute>.AlternateLookup<ReadOnlySpan<char>> _servicesByHost;
    private readonly FrozenSet<string> _complete;

    internal RoutingTable(
        FrozenDictionary<string, ServiceRoute> services,
        FrozenSet<string> complete,
        FrozenDictionary<string, ClusterState> clusters,
        ImmutableArray<string> problems)
    {
        Services = services;
        _servicesByHost = services.GetAlternateLookup<ReadOnlySpan<char>>();
        _complete = complete;
        Clusters = clusters;
        Problems = problems;
    }

    /// <summary>A table that routes nothing: every host passes through.</summary>
    public static RoutingTable Empty { get; } = new(
        new Dictionary<string, ServiceRoute>().ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
        FrozenSet<string>.Empty,
        FrozenDictionary<string, ClusterState>.Empty,
        []);

    /// <summary>Routable services by listener name (case-insensitive).</summary>
    public FrozenDictionary<string, ServiceRoute> Services { get; }

    /// <summary>The clusters built from the current resources, by name.</summary>
    public FrozenDictionary<string, ClusterState> Clusters { get; }

    /// <summary>
    /// Why some listeners are not complete in the current resources, one sentence each naming the
    /// resource. A listener that was routable before keeps its previous routes meanwhile.
    /// </summary>
    public ImmutableArray<string> Problems { get; }

    /// <summary>Builds the table from the resources; only complete chains become routable.</summary>
    /// <param name="resources">The xDS client's last good resources.</param>
    /// <param name="previous">
    /// The table being replaced: its unchanged clusters are reused whole, the endpoint objects of changed
    /// ones keep their in-flight counts, and its services stand in for chains caught mid-update.
    /// </param>
    /// <param name="locality">This process's locality, for clusters that prefer the local zone.</param>
    /// <param name="random">
    /// The randomness for weighted picks, shared by every picker and so called from many threads:
    /// <see cref="Random.Shared"/> unless a single-threaded test or benchmark seeds its own.
    /// </param>
    /// <param name="time">The clock for rate limits, budgets and ejections; <see cref="TimeProvider.System"/> by default.</param>
    public static RoutingTable Build(
        XdsResources resources,
        RoutingTable? previous,
        LocalityPreferenceOptions locality,
        Random? random = null,
        TimeProvider? time = null) =>
        new RoutingTableBuilder(resources, previous, locality, random ?? Random.Shared, time ?? TimeProvider.System).Build();

    /// <summary>
    /// The mesh service a request host names: <c>catalog</c>, <c>catalog:8080</c>, <c>catalog.default</c>
    /// or <c>catalog.default.svc.cluster.local</c>, in any case. False for hosts outside the mesh.
    /// </summary>
    public bool TryGetService(string host, [NotNullWhen(true)] out ServiceRoute? service) =>
        _servicesByHost.TryGetValue(HostName.Normalize(host), out service);

    /// <summary>True when the listener's whole chain (routes, clusters, endpoints) is in the resources.</summary>
    public bool IsComplete(string listenerName) => _complete.Contains(listenerName);
}
