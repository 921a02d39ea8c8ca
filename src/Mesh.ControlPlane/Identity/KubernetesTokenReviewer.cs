using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Checks a pod's projected service-account token with the Kubernetes TokenReview API and maps
/// <c>system:serviceaccount:NS:SA</c> to the namespace and account it grants. Answers are cached briefly so
/// a reconnecting fleet does not flood the API server.
/// </summary>
internal sealed class KubernetesTokenReviewer : IDisposable
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly KubernetesTokenReviewOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string? Namespace, string? Account, string? Error, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public KubernetesTokenReviewer(KubernetesTokenReviewOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler();
        if (options.CertificateAuthorityFile is { } caFile && File.Exists(caFile))
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(caFile);
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(trusted);
        }

        // A trailing slash keeps a path prefix of the API server when the API path is appended.
        var baseAddress = options.ApiServer.AbsoluteUri.EndsWith('/') ? options.ApiServer : new Uri(options.ApiServer.AbsoluteUri + "/");
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The namespace and service account <paramref name="token"/> belongs to, or why it does not authenticate.</summary>
    public async Task<(string? Namespace, string? Account, string? Error)> ReviewAsync(string token, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return (cached.Namespace, cached.Account, cached.Error);
        }

        var result = await AskAsync(token, cancellationToken).ConfigureAwait(false);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[key] = (result.Namespace, result.Account, result.Error, now + CacheFor);
        return result;
    }

    public void Dispose() => _http.Dispose();

    private async Task<(string? Namespace, string? Account, string? Error)> AskAsync(string token, CancellationToken cancellationToken)
    {
        var review = new TokenReview("authentication.k8s.io/v1", "TokenReview", new TokenReviewSpec(token, [_options.Audience]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "apis/authentication.k8s.io/v1/tokenreviews")
        {
            Content = JsonContent.Create(review, IdentityJson.Default.TokenReview),
        };
        if (_options.CredentialsFile is { } credentials && File.Exists(credentials))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(credentials, cancellationToken).ConfigureAwait(false)).Trim());
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            return (null, null, $"the Kubernetes API server at {_options.ApiServer} did not answer the TokenReview: {exception.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return (null, null, $"the Kubernetes API server refused the TokenReview with {(int)response.StatusCode}; mesh-cp's service account needs create on tokenreviews");
            }

            var answer = await response.Content.ReadFromJsonAsync(IdentityJson.Default.TokenReview, cancellationToken).ConfigureAwait(false);
            var status = answer?.Status;
            if (status is not { Authenticated: true })
            {
                return (null, null, $"Kubernetes did not authenticate the token: {status?.Error ?? "no reason given"}");
            }

            var username = status.User?.Username ?? string.Empty;
            var parts = username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) ? username[ServiceAccountPrefix.Length..].Split(':') : [];
            return parts.Length == 2
                ? (parts[0], parts[1], null)
                : (null, null, $"the token belongs to '{username}', not a service account");
        }
    }
}
