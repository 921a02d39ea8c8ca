using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.SidecarFallback.Outbound;

/// <summary>
/// Where an outbound request goes: the service in its <c>Host</c> header (<c>http://127.0.0.1:15001</c> with
/// <c>Host: catalog</c>) or in its absolute-form target (the sidecar as <c>HTTP_PROXY</c>). The path and query
/// keep their original encoding.
/// </summary>
internal sealed class OutboundTarget
{
    private BuiltUri? _last;

    /// <summary>The destination, or null with <paramref name="problem"/> saying what the caller should do.</summary>
    public Uri? Resolve(HttpContext context, out string? problem)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel already made Host agree with an absolute-form target.
            problem = null;
            return Uri.TryCreate(raw, UriKind.Absolute, out var absolute) ? Check(absolute, context, out problem) : Invalid(raw, out problem);
        }

        if (!raw.StartsWith('/'))
        {
            problem = $"request target '{raw}' is not supported: call http://127.0.0.1:{context.Connection.LocalPort}/path with the service in the Host header, or use the sidecar as an http:// proxy (HTTPS targets and CONNECT are not proxied).";
            return null;
        }

        if (!request.Host.HasValue)
        {
            problem = "the request has no Host header: put the service to call in it, for example Host: catalog.";
            return null;
        }

        var host = request.Host.Value;
        if (Volatile.Read(ref _last) is { } last && string.Equals(last.Host, host, StringComparison.Ordinal) && string.Equals(last.Target, raw, StringComparison.Ordinal))
        {
            return Check(last.Uri, context, out problem);
        }

        if (!Uri.TryCreate("http://" + host + raw, UriKind.Absolute, out var uri))
        {
            return Invalid(raw, out problem);
        }

        // An app calls a few paths over and over: the last URI built is kept (a Uri is immutable), so the
        // same call again parses nothing and the handlers below reuse its parsed parts.
        Volatile.Write(ref _last, new BuiltUri(host, raw, uri));
        return Check(uri, context, out problem);
    }

    // A request naming the sidecar itself would loop back into it forever.
    private static Uri? Check(Uri uri, HttpContext context, out string? problem)
    {
        var local = context.Connection.LocalPort;
        var self = uri.Port == local && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && address.Equals(context.Connection.LocalIpAddress)));
        if (self)
        {
            problem = $"Host '{uri.Authority}' is the sidecar's own outbound address: put the service to call in the Host header, for example Host: catalog.";
            return null;
        }

        problem = null;
        return uri;
    }

    private static Uri? Invalid(string raw, out string? problem)
    {
        problem = $"request target '{raw}' is not a valid URI.";
        return null;
    }

    private sealed record BuiltUri(string Host, string Target, Uri Uri);
}
