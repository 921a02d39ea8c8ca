using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>MeshService.spec</c>: ports, subsets and endpoints, with unique port and subset names.</summary>
internal static class MeshServiceBinder
{
    public static MeshServiceSpec? Bind(ConfigNode node, BindingScope scope)
    {
        var spec = NodeReader.Open(node, "spec", scope, "ports", "subsets", "endpoints", "mtls");
        if (spec is null)
        {
            return null;
        }

        var ports = BindAll(spec.List("ports"), scope, BindPort);
        var subsets = BindAll(spec.List("subsets"), scope, BindSubset);
        var endpoints = BindAll(spec.List("endpoints"), scope, BindEndpoint);
        // A service's own mTLS mode, for one that also takes calls from outside the mesh (a web frontend).
        var mtls = spec.OneOf("mtls", false, "off", "permissive", "strict") switch
        {
            "off" => MtlsMode.Off,
            "permissive" => MtlsMode.Permissive,
            "strict" => MtlsMode.Strict,
            _ => (MtlsMode?)null,
        };
        return new MeshServiceSpec(ports, subsets, endpoints, mtls);
    }

    private static ImmutableArray<T> BindAll<T>(ImmutableArray<FieldNode> items, BindingScope scope, Func<FieldNode, BindingScope, Named<T>?> bind)
    {
        var builder = ImmutableArray.CreateBuilder<T>(items.Length);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (bind(item, scope) is not { } bound)
            {
                continue;
            }

            if (bound.Name is { } name && !seen.TryAdd(name, item.Path))
            {
                scope.Error(item.Node.Location, $"{item.Path}.name", $"duplicate name '{name}', already used by {seen[name]}; give each a unique name");
            }

            builder.Add(bound.Value);
        }

        return builder.ToImmutable();
    }

    private static Named<ServicePort>? BindPort(FieldNode item, BindingScope scope)
    {
        var port = NodeReader.Open(item.Node, item.Path, scope, "name", "port", "protocol");
        if (port is null)
        {
            return null;
        }

        var name = port.String("name", required: true);
        var number = port.Integer("port", 1, 65535);
        var protocol = port.OneOf("protocol", false, "http", "http2", "grpc") switch
        {
            "http2" => ServiceProtocol.Http2,
            "grpc" => ServiceProtocol.Grpc,
            _ => ServiceProtocol.Http,
        };
        return name is null ? null : new Named<ServicePort>(name, new ServicePort(name, (int?)number, protocol));
    }

    private static Named<ServiceSubset>? BindSubset(FieldNode item, BindingScope scope)
    {
        var subset = NodeReader.Open(item.Node, item.Path, scope, "name", "labels");
        if (subset is null)
        {
            return null;
        }

        var name = subset.String("name", required: true);
        var labels = subset.StringMap("labels");
        return name is null ? null : new Named<ServiceSubset>(name, new ServiceSubset(name, labels));
    }

    private static Named<ServiceEndpoint>? BindEndpoint(FieldNode item, BindingScope scope)
    {
        var endpoint = NodeReader.Open(item.Node, item.Path, scope, "address", "labels", "locality", "weight");
        if (endpoint is null)
        {
            return null;
        }

        var address = endpoint.String("address", required: true);
        var labels = endpoint.StringMap("labels");
        var weight = endpoint.Integer("weight", 1, uint.MaxValue) ?? 1;
        var locality = BindLocality(endpoint);
        if (address is null)
        {
            return null;
        }

        if (EndpointAddressParser.TryParse(address, out var host, out var port) is { } problem)
        {
            endpoint.Error("address", problem);
            return null;
        }

        return new Named<ServiceEndpoint>(null, new ServiceEndpoint(host, port, labels, locality, (uint)weight, item.Node.Location));
    }

    private static EndpointLocality BindLocality(NodeReader endpoint)
    {
        var locality = endpoint.Mapping("locality", false, "region", "zone", "subZone");
        if (locality is null)
        {
            return EndpointLocality.Unknown;
        }

        return new EndpointLocality(
            locality.String("region") ?? string.Empty,
            locality.String("zone") ?? string.Empty,
            locality.String("subZone") ?? string.Empty);
    }

    /// <summary>A bound item and the name that must be unique among its siblings (null: no uniqueness).</summary>
    private sealed record Named<T>(string? Name, T Value);
}
