
namespace Mesh.SidecarFallback.Forwarding;

/// <summary>Appends the caller to <c>X-Forwarded-For</c> and sets <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c>, as proxies do.</summary>
internal static class ForwardedHeaders
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";

    public static void Add(HttpContext context, HttpRequestMessage upstream)
    {
        var request = context.Request;
        var headers = upstream.Headers;
        var caller = context.Connection.RemoteIpAddress?.ToString();
        var existing = request.Headers[For];
        var forwardedFor = caller is null ? existing.ToString() : existing.Count == 0 ? caller : $"{existing}, {caller}";
        headers.Remove(For);
        if (forwardedFor.Length > 0)
        {
            headers.TryAddWithoutValidation(For, forwardedFor);
        }

        // The first proxy's view of the original request wins; later hops keep it.
        if (!request.Headers.ContainsKey(Proto))
        {
            headers.TryAddWithoutValidation(Proto, request.Scheme);
        }

        if (!request.Headers.ContainsKey(Host) && request.Host.HasValue)
        {
            headers.TryAddWithoutValidation(Host, request.Host.Value);
        }
    }
}
