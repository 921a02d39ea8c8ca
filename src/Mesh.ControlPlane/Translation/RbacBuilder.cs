using System.Collections.Immutable;
using System.Text;
using Envoy.Config.Rbac.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Mesh.ControlPlane.Configuration;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Turns a service's AccessPolicies into RBAC HTTP filters, as Istio does: one DENY filter (any matching
/// deny policy refuses the call) ahead of one ALLOW filter (present only when an allow policy exists; then
/// a call no allow policy matches is refused). So deny wins, and a service with an allow policy denies
/// everything else. Policies are keyed <c>namespace/name</c>, the name the server logs when it refuses.
/// </summary>
internal static class RbacBuilder
{
    public const string DenyFilter = "envoy.filters.http.rbac.deny";
    public const string AllowFilter = "envoy.filters.http.rbac.allow";

    /// <summary>The filters for <paramref name="policies"/>, deny first; empty when there are none.</summary>
    public static ImmutableArray<(string Name, HttpRbac Config)> Build(MeshSpec mesh, IEnumerable<AccessPolicy> policies)
    {
        var deny = new RBAC { Action = RBAC.Types.Action.Deny };
        var allow = new RBAC { Action = RBAC.Types.Action.Allow };
        foreach (var policy in policies)
        {
            var target = policy.Spec.Action == AccessAction.Deny ? deny : allow;
            target.Policies[$"{policy.Metadata.Namespace}/{policy.Metadata.Name}"] = Policy(mesh, policy);
        }

        var filters = ImmutableArray.CreateBuilder<(string, HttpRbac)>();
        if (deny.Policies.Count > 0)
        {
            filters.Add((DenyFilter, new HttpRbac { Rules = deny }));
        }

        if (allow.Policies.Count > 0)
        {
            filters.Add((AllowFilter, new HttpRbac { Rules = allow }));
        }

        return filters.ToImmutable();
    }

    private static Policy Policy(MeshSpec mesh, AccessPolicy policy)
    {
        var result = new Policy();
        foreach (var source in policy.Spec.From)
        {
            var identity = source.Identity ?? $"spiffe://{mesh.TrustDomain}/ns/{policy.Metadata.Namespace}/sa/{source.Service}";
            result.Principals.Add(new Principal
            {
                Authenticated = new Principal.Types.Authenticated { PrincipalName = new StringMatcher { Exact = identity } },
            });
        }

        if (result.Principals.Count == 0)
        {
            result.Principals.Add(new Principal { Any = true });
        }

        foreach (var target in policy.Spec.To)
        {
            result.Permissions.Add(Permission(target));
        }

        if (result.Permissions.Count == 0)
        {
            result.Permissions.Add(new Permission { Any = true });
        }

        return result;
    }

    private static Permission Permission(AccessTarget target)
    {
        var all = new Permission.Types.Set();
        if (!target.Methods.IsEmpty)
        {
            all.Rules.Add(AnyOf(target.Methods.Select(method => new Permission
            {
                Header = new HeaderMatcher { Name = ":method", StringMatch = new StringMatcher { Exact = method.ToUpperInvariant() } },
            })));
        }

        if (!target.Paths.IsEmpty)
        {
            all.Rules.Add(AnyOf(target.Paths.Select(path => new Permission
            {
                UrlPath = new PathMatcher { Path = PathGlob(path) },
            })));
        }

        foreach (var (name, header) in target.Headers)
        {
            all.Rules.Add(new Permission { Header = RouteMatchBuilder.Header(name, header) });
        }

        return all.Rules.Count switch
        {
            0 => new Permission { Any = true },
            1 => all.Rules[0],
            _ => new Permission { AndRules = all },
        };
    }

    private static Permission AnyOf(IEnumerable<Permission> permissions)
    {
        var set = new Permission.Types.Set();
        set.Rules.AddRange(permissions);
        return set.Rules.Count == 1 ? set.Rules[0] : new Permission { OrRules = set };
    }

    /// <summary><c>/api/orders</c> exactly, <c>/api/orders/*</c> as a prefix, any other <c>*</c> as "any characters".</summary>
    internal static StringMatcher PathGlob(string glob)
    {
        var star = glob.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return new StringMatcher { Exact = glob };
        }

        if (star == glob.Length - 1)
        {
            return new StringMatcher { Prefix = glob[..^1] };
        }

        var regex = new StringBuilder("^");
        foreach (var part in glob.Split('*'))
        {
            if (regex.Length > 1)
            {
                regex.Append(".*");
            }

            regex.Append(Re2Escape(part));
        }

        regex.Append('$');
        return new StringMatcher { SafeRegex = new RegexMatcher { Regex = regex.ToString() } };
    }

    private static string Re2Escape(string literal)
    {
        var escaped = new StringBuilder(literal.Length);
        foreach (var c in literal)
        {
            if (@"\.+?()[]{}|^$".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
