using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mesh.Cli.Admin;

/// <summary>Reads mesh-cp's admin API; every failure becomes an <see cref="AdminUnavailableException"/> that says what to do.</summary>
internal sealed class AdminClient : IDisposable
{
    /// <summary>How long one request may take before the command gives up.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    private AdminClient(Uri baseAddress, string? token)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>Creates a client for <paramref name="address"/> (<c>http://host:port</c> or <c>host:port</c>) and says so on <paramref name="progress"/>.</summary>
    /// <param name="address">The admin API address.</param>
    /// <param name="progress">Where the connection is announced.</param>
    /// <param name="tokenFile">A file holding the admin token; default: <see cref="AdminCredentials"/>'s environment variables.</param>
    public static AdminClient Connect(string address, TextWriter progress, string? tokenFile = null)
    {
        var text = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new AdminUnavailableException(
                $"'{address}' is not a control plane address; pass --control-plane http://HOST:PORT (mesh-cp's --admin-address), for example http://127.0.0.1:15014");
        }

        progress.WriteLine($"connecting to {uri.GetLeftPart(UriPartial.Authority)} …");
        return new AdminClient(uri, AdminCredentials.Find(tokenFile));
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        var (status, body) = await GetDocumentAsync(path, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Unauthorized)
        {
            throw new AdminUnavailableException(Unauthorized(path));
        }

        if (status != HttpStatusCode.OK)
        {
            throw new AdminUnavailableException($"GET {Describe(path)} answered {(int)status} {status}; check mesh-cp's log for why");
        }

        try
        {
            return body.Deserialize<T>(Json) ?? throw new JsonException("the body is null");
        }
        catch (JsonException ex)
        {
            throw new AdminUnavailableException(
                $"GET {Describe(path)} returned JSON this mesh CLI cannot read ({ex.Message}); is {BaseAddress} a mesh-cp admin address of the same version?");
        }
    }

    /// <summary>The connected xDS clients, ordered by node id.</summary>
    public async Task<IReadOnlyList<ClientInfo>> GetClientsAsync(CancellationToken cancellationToken)
    {
        var clients = await GetAsync<List<ClientInfo>>(AdminPaths.Clients, cancellationToken).ConfigureAwait(false);
        return [.. clients.OrderBy(c => c.NodeId, StringComparer.Ordinal).ThenBy(c => c.ConnectedAt)];
    }

    /// <summary>GETs <paramref name="path"/> and returns its status and JSON body, whatever the status.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> GetDocumentAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.GetAsync(path.TrimStart('/'), timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, timeout.Token).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminUnavailableException(
                $"no answer from {Describe(path)} within {RequestTimeout.TotalSeconds:0} s; check mesh-cp is running and its --admin-address is reachable from here");
        }
        catch (HttpRequestException ex)
        {
            throw new AdminUnavailableException(
                $"cannot reach the control plane at {BaseAddress} ({ex.Message}); start mesh-cp, or point at it with --control-plane or ${Commands.CommonOptions.ControlPlaneVariable}");
        }
        catch (JsonException ex)
        {
            throw new AdminUnavailableException(
                $"{Describe(path)} did not answer with JSON ({ex.Message}); is {BaseAddress} mesh-cp's --admin-address?");
        }
    }

    /// <summary>POSTs <paramref name="body"/> as JSON to <paramref name="path"/> and returns the status and JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(path.TrimStart('/'), body, Json, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new AdminUnavailableException(Unauthorized(path));
            }

            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Json, timeout.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminUnavailableException($"no answer from {Describe(path)} within {RequestTimeout.TotalSeconds:0} s; check mesh-cp is running");
        }
        catch (HttpRequestException ex)
        {
            throw new AdminUnavailableException(
                $"cannot reach the control plane at {BaseAddress} ({ex.Message}); start mesh-cp, or point at it with --control-plane or ${Commands.CommonOptions.ControlPlaneVariable}");
        }
        catch (JsonException ex)
        {
            throw new AdminUnavailableException($"{Describe(path)} did not answer with JSON ({ex.Message}); is {BaseAddress} mesh-cp's --admin-address?");
        }
    }

    public void Dispose() => _http.Dispose();

    private string Unauthorized(string path) =>
        $"{Describe(path)} answered 401: mesh-cp requires its admin token; set ${AdminCredentials.TokenFileVariable} to mesh-cp's DATA-DIR/admin.token (or ${AdminCredentials.TokenVariable} to the token)";

    private string Describe(string path) => new Uri(BaseAddress, path.TrimStart('/')).ToString();
}
