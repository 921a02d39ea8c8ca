using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// Golden metrics over every replica. A client reports its load to the one replica its stream reaches, so with
/// several replicas each holds part of the traffic. Given the others' admin addresses (<c>--peers</c>; a DNS name,
/// such as a headless Service's, stands for every address it resolves to), <c>GET /stats</c> and the dashboard
/// ask each for its own series (<c>GET /stats/local</c>) and merge them. A replica that does not answer within
/// <see cref="PeerTimeout"/> is named in the result and left out; a replica knows itself among the peers by its ID.
/// </summary>
internal sealed class ReplicaTraffic : IDisposable
{
    public const string LocalPath = "/stats/local";

    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = ConfigJson.Create(includeLocations: false, indented: false);

    private readonly TrafficStore _store;
    private readonly ImmutableArray<DnsEndPoint> _peers;
    private readonly string _adminToken;
    private readonly HttpClient _http = new() { Timeout = PeerTimeout };

    public ReplicaTraffic(TrafficStore store, ImmutableArray<DnsEndPoint> peers, string adminToken)
    {
        _store = store;
        _peers = peers;
        _adminToken = adminToken;
    }

    /// <summary>This process's ID, which it sends with its own series so it can skip itself among the peers.</summary>
    public string Replica { get; } = Guid.NewGuid().ToString("N");

    /// <summary>This replica's own series (<c>GET /stats/local</c>).</summary>
    public LocalTraffic Local() => new(Replica, _store.Export());

    /// <summary>This replica's golden metrics merged with every peer's that answers; without peers, this replica's alone.</summary>
    public async Task<StatsView> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_peers.IsEmpty)
        {
            return _store.Snapshot();
        }

        var (addresses, unresolved) = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var answers = await Task.WhenAll(addresses.Select(address => FetchAsync(address, cancellationToken))).ConfigureAwait(false);
        var merged = ImmutableArray.CreateBuilder<string>();
        var unreachable = ImmutableArray.CreateBuilder<string>();
        unreachable.AddRange(unresolved);
        var series = new List<SeriesRecord>();
        foreach (var (address, local, error) in answers)
        {
            if (local is null)
            {
                unreachable.Add($"{address}: {error}");
            }
            else if (local.Replica != Replica)
            {
                merged.Add(address);
                series.AddRange(local.Series);
            }
        }

        return _store.Snapshot(series) with { Replicas = new ReplicaMerge(merged.ToImmutable(), unreachable.ToImmutable()) };
    }

    public void Dispose() => _http.Dispose();

    private async Task<(List<string> Addresses, List<string> Unresolved)> ResolveAsync(CancellationToken cancellationToken)
    {
        var addresses = new List<string>();
        var unresolved = new List<string>();
        foreach (var peer in _peers)
        {
            try
            {
                var ips = IPAddress.TryParse(peer.Host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(peer.Host, cancellationToken).ConfigureAwait(false);
                foreach (var address in ips)
                {
                    var endpoint = new IPEndPoint(address, peer.Port).ToString();
                    if (!addresses.Contains(endpoint))
                    {
                        addresses.Add(endpoint);
                    }
                }
            }
            catch (SocketException exception)
            {
                unresolved.Add(string.Create(CultureInfo.InvariantCulture, $"{peer.Host}:{peer.Port}: does not resolve ({exception.Message})"));
            }
        }

        return (addresses, unresolved);
    }

    private async Task<(string Address, LocalTraffic? Local, string? Error)> FetchAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{address}{LocalPath}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return (address, null, "answered 401: the replicas must share one admin token (--secrets-dir)");
            }

            if (!response.IsSuccessStatusCode)
            {
                return (address, null, string.Create(CultureInfo.InvariantCulture, $"answered {(int)response.StatusCode}"));
            }

            var local = await response.Content.ReadFromJsonAsync<LocalTraffic>(Json, cancellationToken).ConfigureAwait(false);
            return local is null ? (address, null, "answered an empty document") : (address, local, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (address, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {PeerTimeout.TotalSeconds:F0} s"));
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException)
        {
            return (address, null, exception.Message);
        }
    }
}
