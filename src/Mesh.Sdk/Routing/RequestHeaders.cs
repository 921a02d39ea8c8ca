using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sdk.Routing;

/// <summary>
/// Reads a header of an outgoing (or, for <c>UseMesh()</c>, an incoming) request the way xDS matchers see it:
/// pseudo-headers (<c>:method</c>, <c>:authority</c>, <c>:path</c>, <c>:scheme</c>) from the request line,
/// content headers included, and several values joined with commas as Envoy joins them.
/// </summary>
internal static class RequestHeaders
{
    public const string Method = ":method";
    public const string Authority = ":authority";
    public const string Path = ":path";
    public const string Scheme = ":scheme";

    public static bool TryGetValue(HttpRequestMessage request, string name, out string value)
    {
        if (name.StartsWith(':'))
        {
            value = PseudoHeader(request, name) ?? string.Empty;
            return value.Length > 0;
        }

        if (request.Headers.NonValidated.TryGetValues(name, out var values) ||
            (request.Content is { } content && content.Headers.NonValidated.TryGetValues(name, out values)))
        {
            value = Join(values);
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool TryGetValue(HttpRequest request, string name, out string value)
    {
        if (name.StartsWith(':'))
        {
            value = PseudoHeader(request, name) ?? string.Empty;
            return value.Length > 0;
        }

        if (request.Headers.TryGetValue(name, out var values))
        {
            value = values.ToString();
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The request's path without query, as routes match it.</summary>
    public static string PathOf(HttpRequest request) =>
        request.PathBase.HasValue ? request.PathBase.Add(request.Path).Value! : request.Path.Value is { Length: > 0 } path ? path : "/";

    private static string? PseudoHeader(HttpRequest request, string name) => name switch
    {
        Method => request.Method,
        Authority => request.Host.Value,
        Path => PathOf(request) + request.QueryString.Value,
        Scheme => request.Scheme,
        _ => null,
    };

    private static string? PseudoHeader(HttpRequestMessage request, string name) => name switch
    {
        Method => request.Method.Method,
        Authority => request.Headers.Host ?? (request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Authority : null),
        Path => request.RequestUri is { IsAbsoluteUri: true } uri ? uri.PathAndQuery : request.RequestUri?.OriginalString,
        Scheme => request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Scheme : null,
        _ => null,
    };

    // One value, the usual case, comes back as stored; only several values cost a join.
    private static string Join(HeaderStringValues values) => values.Count == 1 ? values.ToString() : string.Join(',', values);
}
