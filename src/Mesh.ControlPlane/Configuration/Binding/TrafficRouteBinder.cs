using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>TrafficRoute.spec</c>: the service and its ordered rules.</summary>
internal static class TrafficRouteBinder
{
    public static TrafficRouteSpec? Bind(ConfigNode node, BindingScope scope)
    {
        var spec = NodeReader.Open(node, "spec", scope, "service", "rules");
        if (spec is null)
        {
            return null;
        }

        var service = spec.String("service", required: true);
        var rules = ImmutableArray.CreateBuilder<RouteRule>();
        foreach (var item in spec.List("rules", required: true))
        {
            if (BindRule(item, scope) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return service is null ? null : new TrafficRouteSpec(service, rules.ToImmutable());
    }

    private static RouteRule? BindRule(FieldNode item, BindingScope scope)
    {
        var rule = NodeReader.Open(item.Node, item.Path, scope, "match", "destinations", "timeout", "retries", "fault", "hashOn");
        if (rule is null)
        {
            return null;
        }

        var match = RouteMatchBinder.Bind(rule);
        var destinations = BindDestinations(rule);
        var timeout = rule.Duration("timeout");
        var retries = RetryPolicyBinder.Bind(rule);
        var fault = FaultPolicyBinder.Bind(rule);
        var hashOn = rule.Mapping("hashOn", false, "header");
        var hashHeader = hashOn?.String("header", required: true);
        var hash = hashHeader is null ? null : new HashPolicy(hashHeader.ToLowerInvariant());
        return new RouteRule(match, destinations, timeout, retries, fault, hash, item.Node.Location);
    }

    private static ImmutableArray<RouteDestination> BindDestinations(NodeReader rule)
    {
        var destinations = ImmutableArray.CreateBuilder<RouteDestination>();
        var items = rule.List("destinations", required: true);
        foreach (var item in items)
        {
            var destination = NodeReader.Open(item.Node, item.Path, rule.Scope, "subset", "weight");
            var subset = destination?.String("subset");
            var weight = destination?.Integer("weight", 0, uint.MaxValue, required: true);
            if (weight is not null)
            {
                destinations.Add(new RouteDestination(subset, (uint)weight.Value, item.Node.Location));
            }
        }

        if (destinations.Count == items.Length && items.Length > 0 && destinations.All(d => d.Weight == 0))
        {
            rule.Error("destinations", "every destination has weight 0, so the rule sends traffic nowhere; give at least one destination a positive weight");
        }

        return destinations.ToImmutable();
    }
}
