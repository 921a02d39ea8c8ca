using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sdk.Routing;

/// <summary>The routes of one mesh service as its virtual host lists them; the first that matches a request wins.</summary>
internal sealed class ServiceRoute
{
    private readonly RouteEntry[] _routes;

    public ServiceRoute(string routeConfigurationName, string virtualHostName, ImmutableArray<RouteEntry> routes)
    {
        RouteConfigurationName = routeConfigurationName;
        VirtualHostName = virtualHostName;
        _routes = [.. routes];
    }

    /// <summary>The RouteConfiguration this came from, such as <c>catalog.default</c>.</summary>
    public string RouteConfigurationName { get; }

    public string VirtualHostName { get; }

    public ImmutableArray<RouteEntry> Routes => [.. _routes];

    /// <summary>The first route matching the request's path (without query) and headers, or null when none does.</summary>
    public RouteEntry? Match(HttpRequestMessage request)
    {
        var path = request.RequestUri switch
        {
            { IsAbsoluteUri: true } uri => uri.AbsolutePath,
            { } relative => PathOf(relative.OriginalString),
            null => "/",
        };

        foreach (var route in _routes)
        {
            if (route.Matches(request, path))
            {
                return route;
            }
        }

        return null;
    }

    /// <summary>The first route matching a request the server received, or null when none does.</summary>
    public RouteEntry? Match(HttpRequest request)
    {
        var path = RequestHeaders.PathOf(request);
        foreach (var route in _routes)
        {
            if (route.Matches(request, path))
            {
                return route;
            }
        }

        return null;
    }

    private static string PathOf(string relative)
    {
        var end = relative.AsSpan().IndexOfAny('?', '#');
        return end < 0 ? relative : relative[..end];
    }

    public override string ToString() => $"{RouteConfigurationName}/{VirtualHostName}";
}
