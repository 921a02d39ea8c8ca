using Envoy.Config.Route.V3;
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
            virtualHost.Routes.Add(new Route
            {
                Name = $"rule-{index}",
                Match = match,
                Route_ = RouteActionBuilder.Build(
                    service,
                    rule.Destinations,
                    rule.Timeout ?? mesh.DefaultTimeout,
                    rule.Retries ?? mesh.DefaultRetries,
                    rule.HashOn,
                    profile),
            });
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

        var configuration = new RouteConfiguration { Name = XdsNames.RouteConfiguration(service) };
        configuration.VirtualHosts.Add(virtualHost);
        return configuration;
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
