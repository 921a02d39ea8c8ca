using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// The two calls the Kubernetes source makes on the REST API: a paginated list, and a watch read as
/// newline-delimited JSON events from a chunked response. The bearer token is read from its file on
/// every call, so a rotated service-account token is picked up without a restart.
/// </summary>
internal sealed class KubernetesApiClient : IDisposable
{
    /// <summary>How long the API server keeps a watch open before ending it cleanly; the client rewatches.</summary>
    public static readonly TimeSpan WatchTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(30);

    private readonly KubernetesSourceSettings _settings;
    private readonly HttpClient _http;
    private readonly X509Certificate2? _ca;

    public KubernetesApiClient(KubernetesSourceSettings settings)
    {
        _settings = settings;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),

            // Each watch holds a stream open; many namespaces can need more streams than one connection allows.
            EnableMultipleHttp2Connections = true,
        };
        if (settings.CaFile is { } caFile)
        {
            // The cluster CA is the only root trusted for the API server; host name checks stay on.
            _ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { _ca },
            };
        }

        _http = new HttpClient(handler) { BaseAddress = settings.ApiServer, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Lists a collection page by page; returns the items and the list's resourceVersion to watch from.</summary>
    /// <exception cref="ResourceExpiredException">A continue token expired while paging; list again.</exception>
    public async Task<(List<JsonElement> Items, string ResourceVersion)> ListAsync(KubernetesResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? next = null;
        while (true)
        {
            var query = next is null ? "?limit=500" : $"?limit=500&continue={Uri.EscapeDataString(next)}";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ListTimeout);
            using var response = await SendAsync(type.CollectionPath(ns) + query, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.TryGetProperty("items", out var page) && page.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in page.EnumerateArray())
                {
                    items.Add(item.Clone());
                }
            }

            var metadata = root.TryGetProperty("metadata", out var m) ? m : default;
            next = KubernetesObject.Text(metadata, "continue");
            if (string.IsNullOrEmpty(next))
            {
                return (items, KubernetesObject.Text(metadata, "resourceVersion") ?? string.Empty);
            }
        }
    }

    /// <summary>Watches a collection from <paramref name="resourceVersion"/>, with bookmarks, until the server ends the watch.</summary>
    /// <exception cref="ResourceExpiredException">The resourceVersion is too old (HTTP 410); list again.</exception>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        KubernetesResourceType type,
        string? ns,
        string resourceVersion,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"{type.CollectionPath(ns)}?watch=1&resourceVersion={Uri.EscapeDataString(resourceVersion)}"
            + $"&allowWatchBookmarks=true&timeoutSeconds={(int)WatchTimeout.TotalSeconds}";

        // A connection that dies silently would leave the watch waiting forever; the server ends every watch by WatchTimeout.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(WatchTimeout + TimeSpan.FromMinutes(1));
        using var response = await SendAsync(path, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0 && WatchEvent.Parse(line) is { } watchEvent)
            {
                yield return watchEvent;
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _ca?.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery)
        {
            // Over TLS the API server speaks HTTP/2: every list and watch shares one connection instead of one each.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_settings.TokenFile is { } tokenFile)
        {
            var token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var message = $"GET {pathAndQuery} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(detail)}{Hint(response.StatusCode, pathAndQuery)}";
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                throw new ResourceExpiredException(message);
            }

            throw new HttpRequestException(message, null, response.StatusCode);
        }
    }

    /// <summary>What to do about the failures an installation causes, rather than the API server.</summary>
    private static string Hint(HttpStatusCode status, string pathAndQuery) => status switch
    {
        HttpStatusCode.NotFound when pathAndQuery.StartsWith($"/apis/{KubernetesResourceType.MeshGroup}/", StringComparison.Ordinal) =>
            " (the mesh.dev CRDs are not installed: mesh install --crds-only | kubectl apply -f -)",
        HttpStatusCode.Forbidden =>
            " (mesh-cp's service account may not list and watch this: apply the ClusterRole from mesh install)",
        HttpStatusCode.Unauthorized =>
            " (the API server refused the token: check --kube-token-file or the pod's service-account token)",
        _ => string.Empty,
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}
