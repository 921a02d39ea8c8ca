using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing.Kubernetes;

/// <summary>
/// A stand-in for the Kubernetes API server on a loopback port, following its list/watch protocol:
/// lists carry a resourceVersion; <c>?watch=1&amp;resourceVersion=X</c> replays what happened after X and then
/// streams newline-delimited JSON events (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) over a chunked
/// response; a resourceVersion older than the last <see cref="Compact"/> gets 410 Gone, as an ERROR event
/// with a Status object (what the real server does) or as HTTP 410 (<see cref="GoneAsHttpStatus"/>).
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly List<StoredEvent> _history = [];
    private readonly List<Watch> _watches = [];
    private readonly List<string> _requests = [];
    private readonly HashSet<string> _protocols = [];
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);
    private long _resourceVersion = 100;
    private long _compactedAt;

    private FakeKubernetesApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The server's base URL, for <c>mesh-cp --kube-api</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>How often open watches get a BOOKMARK when they asked for bookmarks; null (default) sends none.</summary>
    public TimeSpan? BookmarkInterval { get; set; }

    /// <summary>Answer a too-old watch with HTTP 410 rather than an ERROR event.</summary>
    public bool GoneAsHttpStatus { get; set; }

    /// <summary>Answer every list continued with a continue token with 410 Gone, as when the token has expired.</summary>
    public bool ExpireContinueTokens { get; set; }

    /// <summary>The bearer token every request must carry; null (default) accepts any request.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>The latest resourceVersion.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>The HTTP versions requests came in with.</summary>
    public IReadOnlyList<string> Protocols
    {
        get
        {
            lock (_gate)
            {
                return [.. _protocols.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Every request's path and query, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Starts the server on <paramref name="port"/> of 127.0.0.1 (0: a port the OS picks), over TLS with
    /// HTTP/2 and HTTP/1.1 when <paramref name="certificate"/> is given, as a real API server listens.
    /// </summary>
    public static async Task<FakeKubernetesApi> StartAsync(int port = 0, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var api = new FakeKubernetesApi(app);
        app.Map("/{**path}", api.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.Url = new Uri(address);
        return api;
    }

    /// <summary>Creates or replaces an object of <paramref name="collection"/> (<c>v1/pods</c>, <c>mesh.dev/v1alpha1/meshservices</c>).</summary>
    public long Apply(string collection, JsonObject obj)
    {
        lock (_gate)
        {
            var metadata = obj["metadata"]!.AsObject();
            var key = $"{(string?)metadata["namespace"]}/{(string)metadata["name"]!}";
            var objects = Collection(collection);
            var type = objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            var stored = (JsonObject)obj.DeepClone();
            stored["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            objects[key] = stored;
            Publish(new StoredEvent(_resourceVersion, type, collection, (string?)metadata["namespace"], stored.ToJsonString()));
            return _resourceVersion;
        }
    }

    /// <summary>Deletes an object; false when there was none.</summary>
    public bool Delete(string collection, string ns, string name)
    {
        lock (_gate)
        {
            if (!Collection(collection).Remove($"{ns}/{name}", out var removed))
            {
                return false;
            }

            removed["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Publish(new StoredEvent(_resourceVersion, "DELETED", collection, ns, removed.ToJsonString()));
            return true;
        }
    }

    /// <summary>Stops serving <paramref name="collection"/> (404), as when its CRD is not installed, or serves it again.</summary>
    public void SetMissing(string collection, bool missing)
    {
        lock (_gate)
        {
            if (missing)
            {
                _missing.Add(collection);
            }
            else
            {
                _missing.Remove(collection);
            }
        }
    }

    /// <summary>Forgets the event history, as etcd compaction does: watches from any earlier resourceVersion get 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedAt = _resourceVersion;
        }
    }

    /// <summary>How many watches of <paramref name="collection"/> (as <c>discovery.k8s.io/v1/endpointslices</c>) are open now.</summary>
    public int OpenWatches(string collection)
    {
        lock (_gate)
        {
            return _watches.Count(w => w.Collection == collection);
        }
    }

    /// <summary>Cuts every open watch connection, as a network failure or an API server restart would.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.Context.Abort();
            }
        }
    }

    /// <summary>Ends every open watch cleanly with an ERROR event 410, as the API server does when a watch falls too far behind.</summary>
    public void ExpireWatches()
    {
        lock (_gate)
        {
            _compactedAt = _resourceVersion;
            _history.Clear();
            foreach (var watch in _watches)
            {
                watch.Events.Writer.TryWrite(null);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private bool IsMissing(string collection)
    {
        lock (_gate)
        {
            return _missing.Contains(collection);
        }
    }

    private SortedDictionary<string, JsonObject> Collection(string collection)
    {
        if (!_objects.TryGetValue(collection, out var objects))
        {
            objects = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[collection] = objects;
        }

        return objects;
    }

    private void Publish(StoredEvent stored)
    {
        _history.Add(stored);
        foreach (var watch in _watches)
        {
            if (watch.Matches(stored))
            {
                watch.Events.Writer.TryWrite(stored);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_gate)
        {
            _requests.Add(request.Path + request.QueryString);
            _protocols.Add(request.Protocol);
        }

        if (RequiredToken is { } token && request.Headers.Authorization.ToString() != $"Bearer {token}")
        {
            await WriteStatusAsync(context, 401, "Unauthorized", "missing or wrong bearer token");
            return;
        }

        if (!TryParsePath(request.Path.Value ?? string.Empty, out var collection, out var ns) || IsMissing(collection))
        {
            await WriteStatusAsync(context, 404, "NotFound", $"no collection at {request.Path}");
            return;
        }

        if (request.Query["watch"] is ["1" or "true"])
        {
            await WatchAsync(context, collection, ns, request.Query["resourceVersion"].ToString(), request.Query["allowWatchBookmarks"] == "true");
        }
        else
        {
            await ListAsync(context, collection, ns, request.Query["limit"].ToString(), request.Query["continue"].ToString());
        }
    }

    /// <summary>Lists a page of at most <paramref name="limit"/> items; the continue token is the offset of the next page.</summary>
    private async Task ListAsync(HttpContext context, string collection, string? ns, string limit, string continueToken)
    {
        if (continueToken.Length > 0 && ExpireContinueTokens)
        {
            await WriteStatusAsync(context, 410, "Expired", "The provided continue parameter is too old to display a consistent list result.");
            return;
        }

        string body;
        lock (_gate)
        {
            var all = Collection(collection).Values.Where(item => ns is null || (string?)item["metadata"]!["namespace"] == ns).ToList();
            var offset = continueToken.Length > 0 ? int.Parse(continueToken, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var size = int.TryParse(limit, out var parsed) && parsed > 0 ? parsed : int.MaxValue;
            var page = all.Skip(offset).Take(size).ToList();
            var metadata = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (offset + page.Count < all.Count)
            {
                metadata["continue"] = (offset + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var items = new JsonArray();
            foreach (var item in page)
            {
                items.Add(item.DeepClone());
            }

            body = new JsonObject
            {
                ["kind"] = "List",
                ["apiVersion"] = "v1",
                ["metadata"] = metadata,
                ["items"] = items,
            }.ToJsonString();
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private async Task WatchAsync(HttpContext context, string collection, string? ns, string from, bool bookmarks)
    {
        var response = context.Response;
        var watch = new Watch(context, collection, ns);
        bool expired;
        lock (_gate)
        {
            expired = !long.TryParse(from, out var since) || since < _compactedAt;
            if (!expired)
            {
                foreach (var stored in _history)
                {
                    if (stored.ResourceVersion > since && watch.Matches(stored))
                    {
                        watch.Events.Writer.TryWrite(stored);
                    }
                }

                _watches.Add(watch);
            }
        }

        if (expired && GoneAsHttpStatus)
        {
            await WriteStatusAsync(context, 410, "Expired", $"too old resource version: {from}");
            return;
        }

        response.ContentType = "application/json";
        await response.StartAsync();
        try
        {
            if (expired)
            {
                await WriteExpiredAsync(response, from);
                return;
            }

            using var ticker = BookmarkInterval is { } interval && bookmarks ? new PeriodicTimer(interval) : null;
            var tick = ticker?.WaitForNextTickAsync(context.RequestAborted).AsTask();
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var next = watch.Events.Reader.WaitToReadAsync(context.RequestAborted).AsTask();
                var done = tick is null ? next : await Task.WhenAny(next, tick);
                if (done == tick)
                {
                    await WriteLineAsync(response, new JsonObject
                    {
                        ["type"] = "BOOKMARK",
                        ["object"] = new JsonObject { ["kind"] = "Bookmark", ["metadata"] = new JsonObject { ["resourceVersion"] = ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                    }.ToJsonString());
                    tick = ticker!.WaitForNextTickAsync(context.RequestAborted).AsTask();
                    continue;
                }

                await next;
                while (watch.Events.Reader.TryRead(out var stored))
                {
                    if (stored is null)
                    {
                        await WriteExpiredAsync(response, from);
                        return;
                    }

                    await WriteLineAsync(response, $"{{\"type\":\"{stored.Type}\",\"object\":{stored.Json}}}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the connection was dropped.
        }
        finally
        {
            lock (_gate)
            {
                _watches.Remove(watch);
            }
        }
    }

    private static Task WriteExpiredAsync(HttpResponse response, string from) =>
        WriteLineAsync(response, new JsonObject
        {
            ["type"] = "ERROR",
            ["object"] = StatusObject(410, "Expired", $"too old resource version: {from}"),
        }.ToJsonString());

    private static async Task WriteLineAsync(HttpResponse response, string line)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await response.Body.FlushAsync();
    }

    private static async Task WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(StatusObject(code, reason, message).ToJsonString());
    }

    private static JsonObject StatusObject(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    /// <summary>Reads <c>/api/v1[/namespaces/NS]/PLURAL</c> or <c>/apis/GROUP/VERSION[/namespaces/NS]/PLURAL</c>.</summary>
    private static bool TryParsePath(string path, out string collection, out string? ns)
    {
        collection = string.Empty;
        ns = null;
        var parts = path.Trim('/').Split('/');
        int rest;
        string groupVersion;
        if (parts is ["api", var version, ..])
        {
            groupVersion = version;
            rest = 2;
        }
        else if (parts is ["apis", var group, var groupVersionPart, ..])
        {
            groupVersion = $"{group}/{groupVersionPart}";
            rest = 3;
        }
        else
        {
            return false;
        }

        var tail = parts[rest..];
        if (tail is ["namespaces", var name, var plural])
        {
            ns = Uri.UnescapeDataString(name);
            collection = $"{groupVersion}/{plural}";
            return true;
        }

        if (tail is [var allPlural])
        {
            collection = $"{groupVersion}/{allPlural}";
            return true;
        }

        return false;
    }

    private sealed record StoredEvent(long ResourceVersion, string Type, string Collection, string? Namespace, string Json);

    private sealed class Watch(HttpContext context, string collection, string? ns)
    {
        public HttpContext Context => context;

        public string Collection => collection;

        /// <summary>Events to send; a null asks the watch to end with 410.</summary>
        public Channel<StoredEvent?> Events { get; } = Channel.CreateUnbounded<StoredEvent?>();

        public bool Matches(StoredEvent stored) => stored.Collection == collection && (ns is null || stored.Namespace == ns);
    }
}
