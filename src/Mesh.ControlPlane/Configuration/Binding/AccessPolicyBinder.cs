using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>AccessPolicy.spec</c>: the action and who may call which methods, paths and headers.</summary>
internal static class AccessPolicyBinder
{
    private const string SpiffeScheme = "spiffe://";

    public static AccessPolicySpec? Bind(ConfigNode node, BindingScope scope)
    {
        var spec = NodeReader.Open(node, "spec", scope, "service", "action", "from", "to");
        if (spec is null)
        {
            return null;
        }

        var service = spec.String("service", required: true);
        var action = spec.OneOf("action", true, "allow", "deny") switch
        {
            "allow" => AccessAction.Allow,
            "deny" => AccessAction.Deny,
            _ => (AccessAction?)null,
        };

        var from = ImmutableArray.CreateBuilder<AccessSource>();
        foreach (var item in spec.List("from"))
        {
            if (BindSource(item, scope) is { } source)
            {
                from.Add(source);
            }
        }

        var to = ImmutableArray.CreateBuilder<AccessTarget>();
        foreach (var item in spec.List("to"))
        {
            var target = NodeReader.Open(item.Node, item.Path, scope, "methods", "paths", "headers");
            if (target is not null)
            {
                to.Add(new AccessTarget(target.StringList("methods"), target.StringList("paths", CheckPath), RouteMatchBinder.BindHeaders(target)));
            }
        }

        return service is null || action is null ? null : new AccessPolicySpec(service, action.Value, from.ToImmutable(), to.ToImmutable());
    }

    private static AccessSource? BindSource(FieldNode item, BindingScope scope)
    {
        var source = NodeReader.Open(item.Node, item.Path, scope, "identity", "service");
        if (source is null)
        {
            return null;
        }

        var identity = source.String("identity");
        var service = source.String("service");
        if (identity is not null && !identity.StartsWith(SpiffeScheme, StringComparison.Ordinal))
        {
            source.Error("identity", $"identity must be a SPIFFE ID starting with {SpiffeScheme}, got '{identity}'; write spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/ACCOUNT");
            return null;
        }

        return source.ExactlyOne("identity", "service") ? new AccessSource(identity, service) : null;
    }

    private static string? CheckPath(string path) =>
        path.StartsWith('/') ? null : $"path '{path}' must start with '/'; write '/{path}'";
}
