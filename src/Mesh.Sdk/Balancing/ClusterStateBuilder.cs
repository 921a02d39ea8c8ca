using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Mesh.Sdk.Resilience;

namespace Mesh.Sdk.Balancing;

/// <summary>
/// Turns a cluster and its load assignment into a <see cref="ClusterState"/>: which endpoints take
/// traffic (healthy ones, or all in panic mode), with what weights (by locality when the cluster asks),
/// and whether the local zone is healthy enough to keep calls in it.
/// </summary>
internal static class ClusterStateBuilder
{
    /// <summary>
    /// Builds the state, reusing <paramref name="previous"/> whole when nothing changed and otherwise its
    /// endpoint objects and resilience state; fails with a reason when the cluster asks for a policy no
    /// picker implements.
    /// </summary>
    public static bool TryBuild(
        Cluster cluster,
        ClusterLoadAssignment assignment,
        ClusterState? previous,
        LocalityPreferenceOptions locality,
        Random random,
        [NotNullWhen(true)] out ClusterState? state,
        [NotNullWhen(false)] out string? error,
        TimeProvider? time = null)
    {
        if (previous is not null && previous.Config.Equals(cluster) && previous.Assignment.Equals(assignment) && previous.Locality == locality)
        {
            (state, error) = (previous, null);
            return true;
        }

        if (LoadBalancingPolicies.FromLbPolicy(cluster.LbPolicy) is not { } policy || !EndpointPickerFactory.IsKnown(policy))
        {
            (state, error) = (null, $"Cluster '{cluster.Name}' asks for lb_policy {cluster.LbPolicy}, which no endpoint picker implements.");
            return false;
        }

        var endpoints = EndpointsOf(cluster.Name, assignment, previous);
        var localityWeighted = cluster.CommonLbConfig?.LocalityWeightedLbConfig is not null;
        var localZone = localityWeighted ? LocalZone(endpoints, locality) : null;

        state = new ClusterState(
            cluster,
            assignment,
            locality,
            policy,
            endpoints,
            localZone is null ? null : EndpointPickerFactory.Create(policy, WeightedEndpointSet.ByEndpointWeight(localZone), cluster, random),
            EndpointPickerFactory.Create(policy, AllLocalities(endpoints, assignment, localityWeighted), cluster, random),
            ClusterResilience.Create(cluster, endpoints, previous?.Resilience.Shared, time ?? TimeProvider.System, random));
        error = null;
        return true;
    }

    private static ImmutableArray<EndpointState> EndpointsOf(string cluster, ClusterLoadAssignment assignment, ClusterState? previous)
    {
        var known = new Dictionary<string, EndpointState>(StringComparer.Ordinal);
        if (previous is not null)
        {
            foreach (var endpoint in previous.Endpoints)
            {
                known[endpoint.Authority] = endpoint;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var endpoints = ImmutableArray.CreateBuilder<EndpointState>();
        foreach (var group in assignment.Endpoints)
        {
            var where = group.Locality is { } l ? new EndpointLocality(l.Region, l.Zone, l.SubZone) : EndpointLocality.Unknown;
            foreach (var lbEndpoint in group.LbEndpoints)
            {
                // Named ports and pipes have no meaning for an HTTP client; such endpoints are left out.
                if (lbEndpoint.Endpoint?.Address?.SocketAddress is not { PortSpecifierCase: SocketAddress.PortSpecifierOneofCase.PortValue } address ||
                    address.Address.Length == 0 || address.PortValue is 0 or > ushort.MaxValue)
                {
                    continue;
                }

                var fresh = new EndpointState(
                    cluster, address.Address, (int)address.PortValue, where, lbEndpoint.LoadBalancingWeight ?? 1, lbEndpoint.HealthStatus);
                if (!seen.Add(fresh.Authority))
                {
                    continue;
                }

                endpoints.Add(known.TryGetValue(fresh.Authority, out var existing)
                    ? existing.WithAttributes(fresh.Locality, fresh.Weight, fresh.Health)
                    : fresh);
            }
        }

        return endpoints.ToImmutable();
    }

    // The local zone's healthy endpoints while enough of the zone is healthy; null means spill over.
    private static EndpointState[]? LocalZone(ImmutableArray<EndpointState> endpoints, LocalityPreferenceOptions preference)
    {
        var total = 0;
        var healthy = new List<EndpointState>();
        foreach (var endpoint in endpoints)
        {
            if (!endpoint.Locality.IsSameZone(preference.Local))
            {
                continue;
            }

            total++;
            if (endpoint.IsHealthy)
            {
                healthy.Add(endpoint);
            }
        }

        return healthy.Count > 0 && healthy.Count >= preference.MinimumHealthyShare * total ? [.. healthy] : null;
    }

    private static WeightedEndpointSet AllLocalities(ImmutableArray<EndpointState> endpoints, ClusterLoadAssignment assignment, bool localityWeighted)
    {
        var candidates = new List<EndpointState>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.IsHealthy)
            {
                candidates.Add(endpoint);
            }
        }

        // Panic mode, as Envoy's: with nothing healthy, trying every endpoint beats failing every call.
        if (candidates.Count == 0)
        {
            candidates.AddRange(endpoints);
        }

        return localityWeighted && LocalityWeighted(candidates, assignment) is { } weighted
            ? weighted
            : WeightedEndpointSet.ByEndpointWeight([.. candidates]);
    }

    // Each locality gets its load_balancing_weight's share, split among its candidates by endpoint
    // weight. Localities without a weight take no traffic, as in Envoy; null when none has one.
    private static WeightedEndpointSet? LocalityWeighted(List<EndpointState> candidates, ClusterLoadAssignment assignment)
    {
        var localityWeights = new Dictionary<EndpointLocality, double>();
        foreach (var group in assignment.Endpoints)
        {
            var where = group.Locality is { } l ? new EndpointLocality(l.Region, l.Zone, l.SubZone) : EndpointLocality.Unknown;
            if (group.LoadBalancingWeight is { } weight and > 0)
            {
                localityWeights.TryAdd(where, weight);
            }
        }

        var endpointTotals = new Dictionary<EndpointLocality, double>();
        foreach (var candidate in candidates)
        {
            if (localityWeights.ContainsKey(candidate.Locality))
            {
                endpointTotals[candidate.Locality] = endpointTotals.GetValueOrDefault(candidate.Locality) + candidate.Weight;
            }
        }

        var endpoints = new List<EndpointState>();
        var weights = new List<double>();
        foreach (var candidate in candidates)
        {
            if (endpointTotals.TryGetValue(candidate.Locality, out var total))
            {
                endpoints.Add(candidate);
                weights.Add(localityWeights[candidate.Locality] * candidate.Weight / total);
            }
        }

        return endpoints.Count == 0 ? null : new WeightedEndpointSet([.. endpoints], [.. weights]);
    }
}
