using System.Text.RegularExpressions;
using Envoy.Config.Route.V3;

namespace Mesh.Sdk.Routing;

/// <summary>A route's path specifier compiled once: prefix, exact path or whole-path regex, case-sensitive unless told otherwise.</summary>
internal sealed class PathCondition
{
    private readonly RouteMatch.PathSpecifierOneofCase _kind;
    private readonly string _pattern;
    private readonly Regex? _regex;
    private readonly StringComparison _comparison;

    private PathCondition(RouteMatch.PathSpecifierOneofCase kind, string pattern, Regex? regex, bool caseSensitive)
    {
        _kind = kind;
        _pattern = pattern;
        _regex = regex;
        _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
    }

    public static PathCondition? Compile(RouteMatch match, string field, out string? error)
    {
        error = null;
        var caseSensitive = match.CaseSensitive ?? true;
        switch (match.PathSpecifierCase)
        {
            case RouteMatch.PathSpecifierOneofCase.Prefix:
                return new PathCondition(match.PathSpecifierCase, match.Prefix, null, caseSensitive);
            case RouteMatch.PathSpecifierOneofCase.Path:
                return new PathCondition(match.PathSpecifierCase, match.Path, null, caseSensitive);
            case RouteMatch.PathSpecifierOneofCase.SafeRegex:
                var regex = RegexCompiler.Compile(match.SafeRegex.Regex, ignoreCase: !caseSensitive, $"{field}.safe_regex", out error);
                return regex is null ? null : new PathCondition(match.PathSpecifierCase, match.SafeRegex.Regex, regex, caseSensitive);
            default:
                error = $"{field} sets no path specifier (prefix, path or safe_regex).";
                return null;
        }
    }

    /// <summary>Matches the request path without its query string.</summary>
    public bool Matches(string path) => _kind switch
    {
        RouteMatch.PathSpecifierOneofCase.Prefix => path.StartsWith(_pattern, _comparison),
        RouteMatch.PathSpecifierOneofCase.Path => path.Equals(_pattern, _comparison),
        _ => _regex!.IsMatch(path),
    };
}
