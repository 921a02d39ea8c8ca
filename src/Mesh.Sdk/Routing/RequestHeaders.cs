using System.Net.Http.Headers;

namespace Mesh.Sdk.Routing;

/// <summary>
/// Reads a header of an outgoing request the way xDS matchers see it: pseudo-headers (<c>:method</c>,
/// <c>:authority</c>, <c>:path</c>, <c>:scheme</c>) from the request line, content headers included, and
/// several values joined with commas as Envoy joins them.
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
