using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.Cli.Differences;

/// <summary>Turns a loaded <see cref="MeshConfig"/> into flat resources whose fields can be compared one by one.</summary>
internal static class PolicyFlattener
{
    public static IReadOnlyList<PolicyResource> Flatten(MeshConfig config)
    {
        var resources = new List<PolicyResource>
        {
            Resource(ResourceKinds.Mesh, "default", config.Mesh, ImmutableSortedDictionary<string, string>.Empty),
        };
        resources.AddRange(config.Services.Select(p => Resource(p.Value.Kind, p.Key, p.Value.Spec, p.Value.Metadata.Annotations)));
        resources.AddRange(config.Routes.Select(p => Resource(p.Value.Kind, p.Key, p.Value.Spec, p.Value.Metadata.Annotations)));
        resources.AddRange(config.DestinationPolicies.Select(p => Resource(p.Value.Kind, p.Key, p.Value.Spec, p.Value.Metadata.Annotations)));
        resources.AddRange(config.AccessPolicies.Select(p => Resource(p.Value.Kind, p.Key, p.Value.Spec, p.Value.Metadata.Annotations)));
        resources.AddRange(config.RateLimits.Select(p => Resource(p.Value.Kind, p.Key, p.Value.Spec, p.Value.Metadata.Annotations)));
        return resources;
    }

    private static PolicyResource Resource<TSpec>(string kind, string name, TSpec spec, ImmutableSortedDictionary<string, string> annotations)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in annotations)
        {
            fields[$"metadata.annotations.{key}"] = JsonSerializer.Serialize(value);
        }

        Walk(JsonSerializer.SerializeToNode(spec, PolicyJson.Options), "spec", fields);
        return new PolicyResource(kind, name, fields);
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string> fields)
    {
        switch (node)
        {
            case null:
                return;
            case JsonObject obj when obj.Count > 0:
                foreach (var (name, child) in obj)
                {
                    Walk(child, $"{path}.{name}", fields);
                }

                return;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", fields);
                }

                return;
            default:
                fields[path] = node.ToJsonString();
                return;
        }
    }
}
