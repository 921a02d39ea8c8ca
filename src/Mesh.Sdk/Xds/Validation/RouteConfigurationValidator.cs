using System.Text.RegularExpressions;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;

namespace Mesh.Sdk.Xds.Validation;

/// <summary>Checks that every route of a RouteConfiguration matches on a path and sends to clusters with a positive total weight.</summary>
internal static class RouteConfigurationValidator
{
    private static readonly TimeSpan RegexCheckTimeout = TimeSpan.FromSeconds(1);

    /// <param name="configuration">The route configuration.</param>
    /// <param name="errors">Where problems are added.</param>
    /// <param name="path">The field path of an inline route configuration, prefixed to its problems.</param>
    public static void Validate(RouteConfiguration configuration, List<string> errors, string path = "")
    {
        for (var hostIndex = 0; hostIndex < configuration.VirtualHosts.Count; hostIndex++)
        {
            var host = configuration.VirtualHosts[hostIndex];
            var hostPath = $"{path}virtual_hosts[{hostIndex}]";
            if (host.Domains.Count == 0)
            {
                errors.Add($"{hostPath}.domains is empty");
            }

            for (var routeIndex = 0; routeIndex < host.Routes.Count; routeIndex++)
            {
                ValidateRoute(host.Routes[routeIndex], $"{hostPath}.routes[{routeIndex}]", errors);
            }
        }
    }

    private static void ValidateRoute(Route route, string path, List<string> errors)
    {
        ValidateMatch(route.Match, $"{path}.match", errors);
        if (route.Route_ is not { } action)
        {
            errors.Add($"{path} has no route action");
            return;
        }

        switch (action.ClusterSpecifierCase)
        {
            case RouteAction.ClusterSpecifierOneofCase.Cluster:
                if (action.Cluster.Length == 0)
                {
                    errors.Add($"{path}.route.cluster is empty");
                }

                break;
            case RouteAction.ClusterSpecifierOneofCase.WeightedClusters:
                ValidateWeightedClusters(action.WeightedClusters, $"{path}.route.weighted_clusters", errors);
                break;
            default:
                errors.Add($"{path}.route names no cluster (cluster or weighted_clusters)");
                break;
        }
    }

    private static void ValidateMatch(RouteMatch? match, string path, List<string> errors)
    {
        if (match is null)
        {
            errors.Add($"{path} is missing");
            return;
        }

        switch (match.PathSpecifierCase)
        {
            case RouteMatch.PathSpecifierOneofCase.None:
                errors.Add($"{path} has no prefix, path or safe_regex");
                break;
            case RouteMatch.PathSpecifierOneofCase.SafeRegex:
                ValidateRegex(match.SafeRegex, $"{path}.safe_regex", errors);
                break;
        }

        for (var index = 0; index < match.Headers.Count; index++)
        {
            var header = match.Headers[index];
            if (header.Name.Length == 0)
            {
                errors.Add($"{path}.headers[{index}].name is empty");
            }

            if (header.StringMatch is { MatchPatternCase: StringMatcher.MatchPatternOneofCase.SafeRegex } stringMatch)
            {
                ValidateRegex(stringMatch.SafeRegex, $"{path}.headers[{index}].string_match.safe_regex", errors);
            }
        }
    }

    private static void ValidateWeightedClusters(WeightedCluster weighted, string path, List<string> errors)
    {
        if (weighted.Clusters.Count == 0)
        {
            errors.Add($"{path}.clusters is empty");
            return;
        }

        ulong total = 0;
        for (var index = 0; index < weighted.Clusters.Count; index++)
        {
            var cluster = weighted.Clusters[index];
            if (cluster.Name.Length == 0)
            {
                errors.Add($"{path}.clusters[{index}].name is empty");
            }

            total += cluster.Weight ?? 0;
        }

        if (total == 0)
        {
            errors.Add($"{path}: the cluster weights add up to 0");
        }
        else if (total > uint.MaxValue)
        {
            errors.Add($"{path}: the cluster weights add up to {total}, more than {uint.MaxValue}");
        }
        else if (weighted.TotalWeight is { } declared && declared != total)
        {
            errors.Add($"{path}.total_weight is {declared} but the cluster weights add up to {total}");
        }
    }

    private static void ValidateRegex(RegexMatcher? matcher, string path, List<string> errors)
    {
        try
        {
            _ = new Regex(matcher?.Regex ?? string.Empty, RegexOptions.CultureInvariant, RegexCheckTimeout);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"{path} '{matcher?.Regex}' is not a valid regex: {exception.Message}");
        }
    }
}
