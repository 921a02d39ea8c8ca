using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Which request hosts may name a mesh service, and the listener each asks for. Only these make a first
/// request wait for configuration; IP literals, <c>localhost</c> and ordinary DNS names pass straight through.
/// </summary>
internal static class MeshHosts
{
    private const string ClusterDomainSuffix = ".svc.cluster.local";

    /// <summary>
    /// True for <c>catalog</c>, <c>catalog.shop</c> and <c>catalog.shop.svc.cluster.local</c> (a trailing dot
    /// or port allowed); false for IP addresses, <c>localhost</c> and names of other shapes.
    /// </summary>
    public static bool MayBeService(string host)
    {
        var name = HostName.Normalize(host);
        if (name.IsEmpty || name[0] == '[' || name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (name.EndsWith(ClusterDomainSuffix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^ClusterDomainSuffix.Length];
        }

        var dots = name.Count('.');
        return dots <= 1 && !IsNumeric(name);
    }

    /// <summary>The listener the control plane serves for <paramref name="host"/>: lower case, without port or trailing dot.</summary>
    public static string ListenerName(string host) => HostName.Normalize(host).ToString().ToLowerInvariant();

    // "10.0" or "127" would otherwise pass the shape test; nothing numeric names a service.
    private static bool IsNumeric(ReadOnlySpan<char> name)
    {
        foreach (var character in name)
        {
            if (!char.IsAsciiDigit(character) && character != '.')
            {
                return false;
            }
        }

        return true;
    }
}
