using System.Globalization;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Splits an endpoint <c>address</c> written as <c>host:port</c> or <c>[v6]:port</c>.</summary>
internal static class EndpointAddressParser
{
    /// <summary>Returns null on success, else what is wrong and how to write it.</summary>
    public static string? TryParse(string address, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || colon == address.Length - 1)
        {
            return $"address '{address}' must be host:port, for example 127.0.0.1:8080 or [::1]:8080";
        }

        var hostPart = address[..colon];
        if (hostPart.StartsWith('['))
        {
            if (!hostPart.EndsWith(']') || hostPart.Length <= 2)
            {
                return $"address '{address}' has an unclosed '['; write IPv6 addresses as [::1]:8080";
            }

            hostPart = hostPart[1..^1];
        }
        else if (hostPart.Contains(':', StringComparison.Ordinal))
        {
            return $"address '{address}' looks like an IPv6 address without brackets; write it as [{hostPart}]:{address[(colon + 1)..]}";
        }

        if (hostPart.Any(char.IsWhiteSpace))
        {
            return $"address '{address}' must not contain spaces";
        }

        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return $"address '{address}' must end with a port between 1 and 65535";
        }

        host = hostPart;
        return null;
    }
}
