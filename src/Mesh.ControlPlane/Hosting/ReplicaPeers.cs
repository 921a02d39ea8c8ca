using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Hosting;

/// <summary>
/// The other mesh-cp replicas (<c>--peers</c>), reached on their admin API with this replica's admin token, which
/// the replicas share through <c>--secrets-dir</c>. A DNS name stands for every address it resolves to, such as
/// a headless Service's. A peer that does not answer within <see cref="Timeout"/> is reported with the reason.
/// </summary>
internal sealed class ReplicaPeers : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = ConfigJson.Create(includeLocations: false, indented: false);

    private readonly ImmutableArray<DnsEndPoint> _peers;
    private readonly string _adminToken;
    // Replicas reach each other directly inside the cluster, never through an HTTP_PROXY the pod may have.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };

    public ReplicaPeers(ImmutableArray<DnsEndPoint> peers, string adminToken)
    {
        _peers = peers;
        _adminToken = adminToken;
    }

    /// <summary>This process's ID: a replica that reaches itself through a peer's name knows itself by it.</summary>
    public string Replica { get; } = Guid.NewGuid().ToString("N");

    public bool IsEmpty => _peers.IsEmpty;

    /// <summary>
    /// Calls <paramref name="path"/> on every peer address at once: GET when <paramref name="body"/> is null, else
    /// POST it as JSON. One answer per address, and one per name that does not resolve; the answer this replica gave
    /// itself, when a peer's name covers it, is left out.
    /// </summary>
    public async Task<IReadOnlyList<PeerAnswer<T>>> CallAllAsync<T>(string path, object? body, CancellationToken cancellationToken)
        where T : class, IReplicaDocument
    {
        var answers = new List<PeerAnswer<T>>();
        var addresses = new List<string>();
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
                answers.Add(new PeerAnswer<T>(string.Create(CultureInfo.InvariantCulture, $"{peer.Host}:{peer.Port}"), null, $"does not resolve ({exception.Message})"));
            }
        }

        var called = await Task.WhenAll(addresses.Select(address => CallAsync<T>(address, path, body, cancellationToken))).ConfigureAwait(false);
        answers.AddRange(called.Where(answer => answer.Value?.Replica != Replica));
        return answers;
    }

    public void Dispose() => _http.Dispose();

    private async Task<PeerAnswer<T>> CallAsync<T>(string address, string path, object? body, CancellationToken cancellationToken)
        where T : class, IReplicaDocument
    {
        try
        {
            using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, $"http://{address}{path}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: Json);
            }

            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return new PeerAnswer<T>(address, null, "answered 401: the replicas must share one admin token (--secrets-dir)");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new PeerAnswer<T>(address, null, string.Create(CultureInfo.InvariantCulture, $"answered {(int)response.StatusCode}"));
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
            return new PeerAnswer<T>(address, value, value is null ? "answered an empty document" : null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PeerAnswer<T>(address, null, string.Create(CultureInfo.InvariantCulture, $"no answer within {Timeout.TotalSeconds:F0} s"));
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException)
        {
            return new PeerAnswer<T>(address, null, exception.Message);
        }
    }
}

/// <summary>One peer address's answer to <see cref="ReplicaPeers.CallAllAsync"/>: its document, or why there is none.</summary>
internal sealed record PeerAnswer<T>(string Address, T? Value, string? Error)
    where T : class
{
    /// <summary><c>ADDRESS: REASON</c>, for a peer that did not answer.</summary>
    public override string ToString() => Error is null ? Address : $"{Address}: {Error}";
}
