using Envoy.Config.Route.V3;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sdk.Routing;

/// <summary>A route's whole <c>match</c>: the path condition and every header condition must hold.</summary>
internal sealed class RouteMatcher
{
    private readonly PathCondition _path;
    private readonly HeaderCondition[] _headers;

    private RouteMatcher(PathCondition path, HeaderCondition[] headers)
    {
        _path = path;
        _headers = headers;
    }

    public static RouteMatcher? Compile(RouteMatch? match, string field, out string? error)
    {
        if (match is null)
        {
            error = $"{field} is missing.";
            return null;
        }

        var path = PathCondition.Compile(match, field, out error);
        if (path is null)
        {
            return null;
        }

        var headers = new HeaderCondition[match.Headers.Count];
        for (var i = 0; i < match.Headers.Count; i++)
        {
            if (HeaderCondition.Compile(match.Headers[i], $"{field}.headers[{i}]", out error) is not { } header)
            {
                return null;
            }

            headers[i] = header;
        }

        return new RouteMatcher(path, headers);
    }

    public bool Matches(HttpRequestMessage request, string path)
    {
        if (!_path.Matches(path))
        {
            return false;
        }

        foreach (var header in _headers)
        {
            if (!header.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The same match over a request the server received.</summary>
    public bool Matches(HttpRequest request, string path)
    {
        if (!_path.Matches(path))
        {
            return false;
        }

        foreach (var header in _headers)
        {
            if (!header.Matches(request))
            {
                return false;
            }
        }

        return true;
    }
}
