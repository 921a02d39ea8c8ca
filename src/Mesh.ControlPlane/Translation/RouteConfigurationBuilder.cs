using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;
using Route = Envoy.Config.Route.V3.Route;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Builds a service's route configuration: one virtual host for every name of the service, the
/// TrafficRoute rules in order, then a catch-all to all endpoints so calls no rule matches still arrive.
/// </summary>
internal static class RouteConfigurationBuilder
{
    private const string CatchAllRouteName = "default";

    public static RouteConfiguration Build(ServiceScope scope, MeshSpec mesh, ClientProfile profile)
    {
        var service = scope.Metadata;
        var virtualHost = new VirtualHost { Name = XdsNames.Service(service) };
        virtualHost.Domains.AddRange(Domains(scope.Service));

        var coversEverything = false;
        for (var index = 0; index < scope.Rules.Length; index++)
        {
            var rule = scope.Rules[index];
            var match = RouteMatchBuilder.Build(rule.Match, profile);
            var action = RouteActionBuilder.Build(
                service,
                rule.Destinations,
                rule.Timeout ?? mesh.DefaultTimeout,
                rule.Retries ?? mesh.DefaultRetries,
                rule.HashOn,
                profile);
            var name = $"rule-{index}";
            var route = new Route { Name = name, Match = match, Route_ = action };
            if (rule.Fault is { } fault)
            {
                var faultConfig = Any.Pack(FaultBuilder.Build(fault, profile));
                if (profile.ReadsFaultHeaders || fault.OnlyWithHeader.IsEmpty)
                {
                    route.TypedPerFilterConfig[XdsNames.FaultFilter] = faultConfig;
                }
                else
                {
                    // gRPC ignores HTTPFault.headers and would fault every call; a route just before
                    // this one that also requires the headers carries the fault instead.
                    virtualHost.Routes.Add(FaultOnlyWithHeader($"{name}-fault", route, fault, faultConfig));
                }
            }

            virtualHost.Routes.Add(route);
            coversEverything |= match.Prefix == "/" && match.Headers.Count == 0;
        }

        if (!coversEverything)
        {
            virtualHost.Routes.Add(new Route
            {
                Name = CatchAllRouteName,
                Match = RouteMatchBuilder.CatchAll(),
                Route_ = RouteActionBuilder.Build(service, [], mesh.DefaultTimeout, mesh.DefaultRetries, null, profile),
            });
        }

        if (scope.RateLimit is { } limit && profile.SupportsLocalRateLimit)
        {
            // On the virtual host, not per route: Envoy keeps one bucket per config, so every route
            // of the service draws from the same requestsPerSecond.
            virtualHost.TypedPerFilterConfig[XdsNames.LocalRateLimitFilter] = Any.Pack(LocalRateLimitBuilder.Build(limit));
        }

        var configuration = new RouteConfiguration { Name = XdsNames.RouteConfiguration(service) };
        configuration.VirtualHosts.Add(virtualHost);
        return configuration;
    }

    private static Route FaultOnlyWithHeader(string name, Route route, FaultPolicy fault, Any faultConfig)
    {
        var gated = new Route { Name = name, Match = route.Match.Clone(), Route_ = route.Route_.Clone() };
        gated.Match.Headers.AddRange(FaultBuilder.HeaderMatches(fault));
        gated.TypedPerFilterConfig[XdsNames.FaultFilter] = faultConfig;
        return gated;
    }

    // Each host name alone and with every declared port, since an authority may carry the port.
    private static IEnumerable<string> Domains(MeshServiceResource service)
    {
        var ports = service.Spec.Ports
            .Where(port => port.Port is not null)
            .Select(port => port.Port!.Value)
            .Distinct()
            .Order()
            .ToList();
        foreach (var host in XdsNames.Hosts(service.Metadata))
        {
            yield return host;
            foreach (var port in ports)
            {
                yield return $"{host}:{port}";
            }
        }
    }
}
