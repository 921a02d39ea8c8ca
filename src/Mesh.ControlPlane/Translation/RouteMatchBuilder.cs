using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Mesh.ControlPlane.Configuration;
using XdsRouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace Mesh.ControlPlane.Translation;

/// <summary>Translates a rule's <c>match</c> (path, method, headers) into an xDS <c>RouteMatch</c>.</summary>
internal static class RouteMatchBuilder
{
    private const string MethodHeader = ":method";

    // Every gRPC call is a POST; a client that cannot see :method would otherwise never match it.
    private const string GrpcMethod = "POST";

    /// <summary>A match for every call: prefix <c>/</c>.</summary>
    public static XdsRouteMatch CatchAll() => new() { Prefix = "/" };

    public static XdsRouteMatch Build(Configuration.RouteMatch? match, ClientProfile profile)
    {
        var result = new XdsRouteMatch();
        var path = match?.Path;
        if (path?.Exact is { } exact)
        {
            result.Path = exact;
        }
        else if (path?.Regex is { } regex)
        {
            result.SafeRegex = new RegexMatcher { Regex = regex };
        }
        else
        {
            result.Prefix = path?.Prefix ?? "/";
        }

        if (match is null)
        {
            return result;
        }

        if (match.Method is { } method && !IsAlwaysTrueFor(method, profile))
        {
            result.Headers.Add(new HeaderMatcher
            {
                Name = MethodHeader,
                StringMatch = new StringMatcher { Exact = method },
            });
        }

        foreach (var (name, header) in match.Headers)
        {
            result.Headers.Add(Header(name, header));
        }

        return result;
    }

    private static bool IsAlwaysTrueFor(string method, ClientProfile profile) =>
        !profile.SeesMethodHeader && string.Equals(method, GrpcMethod, StringComparison.OrdinalIgnoreCase);

    internal static HeaderMatcher Header(string name, HeaderMatch header)
    {
        var matcher = new HeaderMatcher { Name = name };
        if (header.Exact is { } exact)
        {
            matcher.StringMatch = new StringMatcher { Exact = exact };
        }
        else if (header.Prefix is { } prefix)
        {
            matcher.StringMatch = new StringMatcher { Prefix = prefix };
        }
        else if (header.Regex is { } regex)
        {
            matcher.StringMatch = new StringMatcher { SafeRegex = new RegexMatcher { Regex = regex } };
        }
        else
        {
            matcher.PresentMatch = header.Present ?? true;
        }

        return matcher;
    }
}
