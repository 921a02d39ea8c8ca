using System.Net;
using System.Runtime.CompilerServices;
using Envoy.Config.Core.V3;
using Mesh.Sdk.Resilience;

namespace Mesh.Sdk.Balancing;

/// <summary>
/// One endpoint of one cluster as of the latest assignment. Rebuilds reuse the same object while the
/// address, locality, weight and health stay equal; when only those attributes change the new object
/// shares the old one's in-flight counter and outlier record, so counts taken before an update are
/// released correctly and an ejection outlives the update.
/// </summary>
internal sealed class EndpointState
{
    private readonly StrongBox<int> _activeRequests;
    private RewrittenUri? _lastUri;
    private object? _connections;

    public EndpointState(string cluster, string host, int port, EndpointLocality locality, uint weight, HealthStatus health)
        : this(cluster, host, port, locality, weight, health, new StrongBox<int>(), new OutlierState())
    {
    }

    private EndpointState(
        string cluster,
        string host,
        int port,
        EndpointLocality locality,
        uint weight,
        HealthStatus health,
        StrongBox<int> activeRequests,
        OutlierState outlier)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        Cluster = cluster;
        Host = host;
        Port = port;
        Authority = FormatAuthority(host, port);
        Name = $"{cluster}/{Authority}";
        EndPoint = new DnsEndPoint(host, port);
        Locality = locality;
        Weight = Math.Max(weight, 1u);
        Health = health;
        _activeRequests = activeRequests;
        Outlier = outlier;
    }

    /// <summary>The cluster this endpoint belongs to.</summary>
    public string Cluster { get; }

    /// <summary>The host name or IP address, without brackets.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary><c>host:port</c>, IPv6 hosts bracketed: ready for a request URI's authority.</summary>
    public string Authority { get; }

    /// <summary><c>cluster/host:port</c>.</summary>
    public string Name { get; }

    public DnsEndPoint EndPoint { get; }

    /// <summary>
    /// The connection pool the last mesh handler to send here used (<c>EndpointConnections</c>), so the common case
    /// of one handler finds it without a lookup.
    /// </summary>
    public object? Connections
    {
        get => Volatile.Read(ref _connections);
        set => Volatile.Write(ref _connections, value);
    }

    public EndpointLocality Locality { get; }

    /// <summary>The endpoint's load_balancing_weight, at least 1.</summary>
    public uint Weight { get; }

    public HealthStatus Health { get; }

    /// <summary>UNKNOWN and HEALTHY endpoints take traffic; others only when no endpoint is healthy.</summary>
    public bool IsHealthy => Health is HealthStatus.Unknown or HealthStatus.Healthy;

    /// <summary>Outlier detection's record of this endpoint.</summary>
    public OutlierState Outlier { get; }

    /// <summary>True while outlier detection keeps this endpoint out of every pick.</summary>
    public bool IsEjected => Outlier.IsEjected;

    /// <summary>Calls in flight to this endpoint, maintained by the handler around each call.</summary>
    public int ActiveRequests => Volatile.Read(ref _activeRequests.Value);

    /// <summary>Counts a call starting; pair with <see cref="EndRequest"/>.</summary>
    public void BeginRequest() => Interlocked.Increment(ref _activeRequests.Value);

    public void EndRequest() => Interlocked.Decrement(ref _activeRequests.Value);

    /// <summary>This endpoint when nothing changed, else a new one sharing the in-flight counter.</summary>
    public EndpointState WithAttributes(EndpointLocality locality, uint weight, HealthStatus health) =>
        Locality == locality && Weight == Math.Max(weight, 1u) && Health == health
            ? this
            : new EndpointState(Cluster, Host, Port, locality, weight, health, _activeRequests, Outlier);

    public override string ToString() => Name;

    private static string FormatAuthority(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>
    /// The request URI that sends <paramref name="original"/>'s scheme, path and query to this endpoint.
    /// The last one built is reused (a <see cref="Uri"/> is immutable), so calls to the same path allocate
    /// no URI; a different path replaces it. The same <see cref="Uri"/> object as last time is known without
    /// reading its path, which <see cref="Uri"/> rebuilds as a new string on every read.
    /// </summary>
    public Uri UriFor(Uri original)
    {
        var last = Volatile.Read(ref _lastUri);
        if (last is not null && ReferenceEquals(last.Original, original))
        {
            return last.Uri;
        }

        var scheme = original.Scheme;
        var pathAndQuery = original.PathAndQuery;
        if (last is not null && string.Equals(last.PathAndQuery, pathAndQuery, StringComparison.Ordinal) && string.Equals(last.Scheme, scheme, StringComparison.Ordinal))
        {
            return last.Uri;
        }

        var uri = new Uri(string.Concat(scheme, Uri.SchemeDelimiter, Authority, pathAndQuery));
        Volatile.Write(ref _lastUri, new RewrittenUri(original, scheme, pathAndQuery, uri));
        return uri;
    }

    private sealed record RewrittenUri(Uri Original, string Scheme, string PathAndQuery, Uri Uri);
}
