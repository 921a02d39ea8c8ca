using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace Mesh.SidecarFallback.Forwarding;

/// <summary>
/// Headers that belong to one connection and are never forwarded (RFC 9110 7.6.1), plus the ones a
/// <c>Connection</c> header names. <c>TE: trailers</c> is the exception: gRPC needs it end to end.
/// </summary>
internal static class HopByHopHeaders
{
    public const string TrailersValue = "trailers";

    private static readonly FrozenSet<string> Names = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Connection",
        "Keep-Alive",
        "Proxy-Connection",
        "Proxy-Authenticate",
        "Proxy-Authentication-Info",
        "Proxy-Authorization",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "HTTP2-Settings");

    /// <summary>True when <paramref name="name"/> is hop-by-hop by definition.</summary>
    public static bool IsHopByHop(string name) => Names.Contains(name);

    /// <summary>
    /// True when <paramref name="name"/> is listed in the <c>Connection</c> header value
    /// <paramref name="connection"/>, such as <c>Connection: close, X-Secret</c>.
    /// </summary>
    public static bool IsNamedBy(StringValues connection, string name)
    {
        if (connection.Count == 0)
        {
            return false;
        }

        foreach (var value in connection)
        {
            foreach (var token in (value ?? string.Empty).AsSpan().Split(','))
            {
                if (value.AsSpan()[token].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when a <c>TE</c> header asks for trailers, the one <c>TE</c> value forwarded.</summary>
    public static bool AsksForTrailers(StringValues te)
    {
        foreach (var value in te)
        {
            if (value is not null && value.Contains(TrailersValue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
