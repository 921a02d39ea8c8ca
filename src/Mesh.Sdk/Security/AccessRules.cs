using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Microsoft.AspNetCore.Http;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace Mesh.Sdk.Security;

/// <summary>
/// A service's RBAC HTTP filters (<c>envoy.extensions.filters.http.rbac.v3.RBAC</c>) in order, evaluated as
/// Envoy does: a DENY filter refuses a request any of its policies matches; an ALLOW filter refuses a request
/// none of its policies matches. The first refusal wins.
/// </summary>
internal sealed class AccessRules
{
    private readonly ImmutableArray<RBAC> _filters;
    private readonly ConcurrentDictionary<string, Regex> _regexes = new(StringComparer.Ordinal);

    public AccessRules(ImmutableArray<RBAC> filters)
    {
        _filters = filters;
    }

    /// <summary>Reads the RBAC filters from an HttpConnectionManager's filter configs.</summary>
    public static AccessRules? From(IEnumerable<HttpRbac> filters)
    {
        var rules = filters.Where(filter => filter.Rules is not null).Select(filter => filter.Rules).ToImmutableArray();
        return rules.IsEmpty ? null : new AccessRules(rules);
    }

    /// <summary>Null when <paramref name="request"/> from <paramref name="caller"/> is allowed, else why it is refused.</summary>
    public string? Check(HttpRequest request, string? caller)
    {
        foreach (var filter in _filters)
        {
            var matched = Matching(filter, request, caller);
            if (filter.Action == RBAC.Types.Action.Deny && matched is not null)
            {
                return $"denied by AccessPolicy {matched}";
            }

            if (filter.Action == RBAC.Types.Action.Allow && matched is null)
            {
                return $"no AccessPolicy allows it (allow policies: {string.Join(", ", filter.Policies.Keys.Order(StringComparer.Ordinal))})";
            }
        }

        return null;
    }

    // Envoy evaluates policies in lexicographic order of their names.
    private string? Matching(RBAC filter, HttpRequest request, string? caller)
    {
        foreach (var name in filter.Policies.Keys.Order(StringComparer.Ordinal))
        {
            var policy = filter.Policies[name];
            if (policy.Principals.Any(principal => Matches(principal, caller)) &&
                policy.Permissions.Any(permission => Matches(permission, request)))
            {
                return name;
            }
        }

        return null;
    }

    private bool Matches(Principal principal, string? caller) => principal.IdentifierCase switch
    {
        Principal.IdentifierOneofCase.Any => true,
        Principal.IdentifierOneofCase.Authenticated => caller is not null &&
            (principal.Authenticated.PrincipalName is null || Matches(principal.Authenticated.PrincipalName, caller)),
        Principal.IdentifierOneofCase.AndIds => principal.AndIds.Ids.All(id => Matches(id, caller)),
        Principal.IdentifierOneofCase.OrIds => principal.OrIds.Ids.Any(id => Matches(id, caller)),
        Principal.IdentifierOneofCase.NotId => !Matches(principal.NotId, caller),
        _ => false,
    };

    private bool Matches(Permission permission, HttpRequest request) => permission.RuleCase switch
    {
        Permission.RuleOneofCase.Any => true,
        Permission.RuleOneofCase.Header => Matches(permission.Header, request),
        Permission.RuleOneofCase.UrlPath => permission.UrlPath.Path is { } path && Matches(path, request.Path.Value ?? "/"),
        Permission.RuleOneofCase.AndRules => permission.AndRules.Rules.All(rule => Matches(rule, request)),
        Permission.RuleOneofCase.OrRules => permission.OrRules.Rules.Any(rule => Matches(rule, request)),
        Permission.RuleOneofCase.NotRule => !Matches(permission.NotRule, request),
        _ => false,
    };

    private bool Matches(HeaderMatcher header, HttpRequest request)
    {
        string? value = header.Name switch
        {
            ":method" => request.Method,
            ":path" => request.Path.Value + request.QueryString.Value,
            ":authority" => request.Host.Value,
            _ => request.Headers.TryGetValue(header.Name, out var values) ? values.ToString() : null,
        };
        var matched = header.HeaderMatchSpecifierCase switch
        {
            HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch => value is not null == header.PresentMatch,
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch => value is not null && Matches(header.StringMatch, value),
            _ => value is not null,
        };
        return matched != header.InvertMatch;
    }

    private bool Matches(StringMatcher matcher, string value)
    {
        var comparison = matcher.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return matcher.MatchPatternCase switch
        {
            StringMatcher.MatchPatternOneofCase.Exact => string.Equals(value, matcher.Exact, comparison),
            StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(matcher.Prefix, comparison),
            StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(matcher.Suffix, comparison),
            StringMatcher.MatchPatternOneofCase.Contains => value.Contains(matcher.Contains, comparison),
            StringMatcher.MatchPatternOneofCase.SafeRegex => _regexes.GetOrAdd(matcher.SafeRegex.Regex, static pattern =>
                new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)).IsMatch(value),
            _ => false,
        };
    }
}
