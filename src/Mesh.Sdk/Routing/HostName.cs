namespace Mesh.Sdk.Routing;

/// <summary>Host names as requests carry them: maybe with a port, maybe an IPv6 literal in brackets.</summary>
internal static class HostName
{
    /// <summary>
    /// <c>catalog:8080</c> → <c>catalog</c>; <c>[::1]:80</c> → <c>[::1]</c>; a fully qualified name's
    /// trailing dot dropped; anything else unchanged.
    /// </summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> host)
    {
        var name = WithoutPort(host);
        return name.Length > 1 && name[^1] == '.' ? name[..^1] : name;
    }

    private static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || colon == host.Length - 1)
        {
            return host;
        }

        // A colon inside an unbracketed IPv6 literal is not a port separator.
        var beforeColon = host[..colon];
        if (beforeColon.Contains(':') && !beforeColon.EndsWith(']'))
        {
            return host;
        }

        foreach (var character in host[(colon + 1)..])
        {
            if (!char.IsAsciiDigit(character))
            {
                return host;
            }
        }

        return beforeColon;
    }
}
