using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Mesh.Sdk.Resilience;

namespace Mesh.Sdk.Balancing;

/// <summary>
/// One cluster ready to balance over: its endpoints and the immutable pickers built from them. A config
/// update builds a new one (reusing endpoint objects); a pick never takes a lock.
/// </summary>
internal sealed class ClusterState
{
    private readonly IEndpointPicker? _localZone;
    private readonly IEndpointPicker _allLocalities;

    public ClusterState(
        Cluster config,
        ClusterLoadAssignment assignment,
        LocalityPreferenceOptions locality,
        string policy,
        ImmutableArray<EndpointState> endpoints,
        IEndpointPicker? localZone,
        IEndpointPicker allLocalities,
        ClusterResilience? resilience = null)
    {
        Config = config;
        Assignment = assignment;
        Locality = locality;
        Policy = policy;
        Endpoints = endpoints;
        _localZone = localZone;
        _allLocalities = allLocalities;
        Resilience = resilience ?? ClusterResilience.Create(config, endpoints, null, TimeProvider.System, Random.Shared);
    }

    public string Name => Config.Name;

    /// <summary>The picker's name, one of <see cref="LoadBalancingPolicies"/>.</summary>
    public string Policy { get; }

    /// <summary>Every endpoint of the assignment, healthy or not, in assignment order.</summary>
    public ImmutableArray<EndpointState> Endpoints { get; }

    /// <summary>True while calls stay in this process's zone because enough of it is healthy.</summary>
    public bool PrefersLocalZone => _localZone is not null;

    /// <summary>The resources this state was built from; an equal pair on the next build reuses it whole.</summary>
    public Cluster Config { get; }

    public ClusterLoadAssignment Assignment { get; }

    public LocalityPreferenceOptions Locality { get; }

    /// <summary>The cluster's circuit breaker, outlier detector and retry budget.</summary>
    public ClusterResilience Resilience { get; }

    /// <summary>An endpoint for one call, or null when the cluster has none.</summary>
    public EndpointState? Pick(in PickContext context)
    {
        if (_localZone?.Pick(context) is { } local && !context.Skips(local))
        {
            return local;
        }

        return _allLocalities.Pick(context);
    }

    public override string ToString() => $"{Name} ({Policy}, {Endpoints.Length} endpoints)";
}
