using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources.Kubernetes.Manifests;

/// <summary>The CustomResourceDefinition of every mesh kind, built from <see cref="MeshCrdSchemas"/>.</summary>
internal static class CrdManifests
{
    public static IReadOnlyList<OrderedDictionary<string, object>> All() =>
        [.. KubernetesResourceType.MeshKinds.Select(Definition)];

    private static OrderedDictionary<string, object> Definition(KubernetesResourceType type)
    {
        var singular = type.Kind.ToLowerInvariant();
        var root = new OrderedDictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new OrderedDictionary<string, object>
            {
                ["apiVersion"] = new OrderedDictionary<string, object> { ["type"] = "string" },
                ["kind"] = new OrderedDictionary<string, object> { ["type"] = "string" },
                ["metadata"] = new OrderedDictionary<string, object> { ["type"] = "object" },
                ["spec"] = MeshCrdSchemas.Spec(type.Kind).ToManifest(),
            },
        };
        if (type.Kind == ResourceKinds.Mesh)
        {
            root["x-kubernetes-validations"] = new[]
            {
                new OrderedDictionary<string, object>
                {
                    ["rule"] = "self.metadata.name == 'default'",
                    ["message"] = "the Mesh resource must be named default",
                },
            };
        }
        else
        {
            root["required"] = new[] { "spec" };
        }

        return new OrderedDictionary<string, object>
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new OrderedDictionary<string, object>
            {
                ["name"] = $"{type.Plural}.{type.Group}",
                ["labels"] = new OrderedDictionary<string, object> { ["app.kubernetes.io/part-of"] = "mesh" },
            },
            ["spec"] = new OrderedDictionary<string, object>
            {
                ["group"] = type.Group,
                ["scope"] = "Namespaced",
                ["names"] = new OrderedDictionary<string, object>
                {
                    ["kind"] = type.Kind,
                    ["listKind"] = $"{type.Kind}List",
                    ["plural"] = type.Plural,
                    ["singular"] = singular,
                    ["categories"] = new[] { "mesh" },
                },
                ["versions"] = new[]
                {
                    new OrderedDictionary<string, object>
                    {
                        ["name"] = type.Version,
                        ["served"] = true,
                        ["storage"] = true,
                        ["schema"] = new OrderedDictionary<string, object> { ["openAPIV3Schema"] = root },
                    },
                },
            },
        };
    }
}
