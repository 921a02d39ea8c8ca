using System.Collections.Frozen;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Security;

/// <summary>
/// Which endpoints the mesh reaches over mTLS, and the SPIFFE IDs each must present: from the
/// <c>UpstreamTlsContext</c> of every cluster the endpoint belongs to. Rebuilt once per routing table.
/// </summary>
internal sealed class UpstreamTlsLookup
{
    private const string TransportSocketName = "envoy.transport_sockets.tls";
    private volatile Snapshot _snapshot = new(null, FrozenDictionary<string, string[]>.Empty);

    /// <summary>The SPIFFE IDs <paramref name="host"/>:<paramref name="port"/> may present, or null when it is reached in plaintext.</summary>
    public string[]? ExpectedIdentities(RoutingTable table, string host, int port)
    {
        var snapshot = _snapshot;
        if (!ReferenceEquals(snapshot.Table, table))
        {
            snapshot = new Snapshot(table, Build(table));
            _snapshot = snapshot;
        }

        return snapshot.Endpoints.TryGetValue($"{host}:{port}", out var identities) ? identities : null;
    }

    private static FrozenDictionary<string, string[]> Build(RoutingTable table)
    {
        var endpoints = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in table.Clusters.Values)
        {
            if (cluster.Config.TransportSocket is not { Name: TransportSocketName, TypedConfig: { } any } ||
                !any.Is(UpstreamTlsContext.Descriptor))
            {
                continue;
            }

            UpstreamTlsContext context;
            try
            {
                context = any.Unpack<UpstreamTlsContext>();
            }
            catch (InvalidProtocolBufferException)
            {
                continue;
            }

            var sans = context.CommonTlsContext?.ValidationContext?.MatchTypedSubjectAltNames
                .Where(matcher => matcher.SanType == SubjectAltNameMatcher.Types.SanType.Uri && matcher.Matcher?.Exact is { Length: > 0 })
                .Select(matcher => matcher.Matcher.Exact) ?? [];
            foreach (var endpoint in cluster.Endpoints)
            {
                var key = $"{endpoint.Host}:{endpoint.Port}";
                if (!endpoints.TryGetValue(key, out var identities))
                {
                    endpoints[key] = identities = new HashSet<string>(StringComparer.Ordinal);
                }

                identities.UnionWith(sans);
            }
        }

        return endpoints.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    private sealed record Snapshot(RoutingTable? Table, FrozenDictionary<string, string[]> Endpoints);
}
