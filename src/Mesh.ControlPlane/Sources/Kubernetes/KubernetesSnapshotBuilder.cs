using System.Collections.Immutable;
using System.Text.Json;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Binding;
using Mesh.ControlPlane.Configuration.Loading;
using Mesh.ControlPlane.Configuration.Validation;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Turns the cluster's mesh objects into one validated <see cref="MeshConfig"/> with the same binders and
/// validators as the directory source. Unlike a directory, a cluster is edited by many hands: an object
/// that fails binding or validation is left out (and reported), and everything else keeps serving. The
/// result depends only on content, never on the order objects were listed or events arrived.
/// </summary>
internal static class KubernetesSnapshotBuilder
{
    public static KubernetesSnapshot Build(string environment, KubernetesSnapshotInput input)
    {
        var skipped = new List<ConfigError>();
        var bound = new List<(string Id, BoundResource Resource)>();
        foreach (var type in KubernetesResourceType.MeshKinds)
        {
            foreach (var item in input.MeshObjects.GetValueOrDefault(type.Kind, []))
            {
                var id = ObjectId(type.Kind, item);
                var errors = new List<ConfigError>();
                if (ResourceBinder.Bind(Document(type, item, input, id), errors) is { } resource && errors.Count == 0)
                {
                    bound.Add((id, resource));
                }
                else
                {
                    skipped.AddRange(errors);
                }
            }
        }

        // Whole-snapshot rules (a route to an unknown service, two Meshes) name the objects at fault: drop those and check again.
        while (true)
        {
            var errors = new List<ConfigError>();
            var resources = bound.ConvertAll(b => b.Resource);
            SnapshotValidator.Validate(resources, DeclaredServices(resources), errors);
            if (errors.Count == 0)
            {
                var config = MeshConfigBuilder.Build(environment, resources);
                var ids = bound.ConvertAll(b => b.Id).Order(StringComparer.Ordinal).ToImmutableArray();
                return Result(ConfigLoadResult.Success(config, ids), skipped);
            }

            var atFault = errors.Select(e => e.Location.File).ToHashSet(StringComparer.Ordinal);
            skipped.AddRange(errors);
            if (bound.RemoveAll(b => atFault.Contains(b.Id)) == 0)
            {
                return Result(ConfigLoadResult.Failure(errors, []), skipped);
            }
        }
    }

    /// <summary>How errors and the admin API name an object: <c>TrafficRoute shop/catalog</c>.</summary>
    public static string ObjectId(string kind, KubernetesObject item) => $"{kind} {item.Namespace}/{item.Name}";

    private static KubernetesSnapshot Result(ConfigLoadResult result, List<ConfigError> skipped)
    {
        var sorted = skipped.Distinct().Order(ConfigError.ByLocation).ToImmutableArray();
        return new KubernetesSnapshot(result, sorted, [.. sorted.Select(e => e.Location.File)]);
    }

    private static HashSet<string> DeclaredServices(List<BoundResource> resources) =>
        resources.Where(r => r.Resource is MeshServiceResource).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The object as a config document: apiVersion, kind, the metadata the config language knows (name,
    /// namespace, <c>mesh.dev/</c> annotations) and spec, with a MeshService's EndpointSlice endpoints added.
    /// </summary>
    private static ConfigMapping Document(KubernetesResourceType type, KubernetesObject item, KubernetesSnapshotInput input, string id)
    {
        var location = new SourceLocation(id, 0, 0);
        var body = item.Body;
        var entries = new List<(string, ConfigNode)>
        {
            ("apiVersion", JsonConfigNode.Text(KubernetesObject.Text(body, "apiVersion") ?? string.Empty, location)),
            ("kind", JsonConfigNode.Text(type.Kind, location)),
            ("metadata", Metadata(item, location)),
        };

        if (body.TryGetProperty("spec", out var spec))
        {
            var specNode = JsonConfigNode.From(spec, location);
            if (type == KubernetesResourceType.MeshServices && specNode is ConfigMapping mapping)
            {
                specNode = WithEndpoints(mapping, EndpointSliceResolver.Resolve(item, input, location), location);
            }

            entries.Add(("spec", specNode));
        }

        return JsonConfigNode.Mapping(location, entries);
    }

    private static ConfigMapping Metadata(KubernetesObject item, SourceLocation location)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.Body.GetProperty("metadata").TryGetProperty("annotations", out var written) && written.ValueKind == JsonValueKind.Object)
        {
            foreach (var annotation in written.EnumerateObject())
            {
                // Only the mesh's own annotations are config; kubectl's and other tools' would change the version for nothing.
                if (annotation.Name.StartsWith("mesh.dev/", StringComparison.Ordinal) && annotation.Name != EndpointSliceResolver.ServiceAnnotation
                    && annotation.Value.ValueKind == JsonValueKind.String)
                {
                    annotations[annotation.Name] = annotation.Value.GetString()!;
                }
            }
        }

        List<(string, ConfigNode)> fields = [("name", JsonConfigNode.Text(item.Name, location)), ("namespace", JsonConfigNode.Text(item.Namespace, location))];
        if (annotations.Count > 0)
        {
            fields.Add(("annotations", JsonConfigNode.Strings(annotations, location)));
        }

        return JsonConfigNode.Mapping(location, fields);
    }

    private static ConfigMapping WithEndpoints(ConfigMapping spec, ImmutableArray<ConfigNode> discovered, SourceLocation location)
    {
        var endpoints = spec.Find("endpoints");
        if (endpoints is { Value: not ConfigSequence })
        {
            // Not a list: left as written for the binder to report.
            return spec;
        }

        var written = endpoints?.Value is ConfigSequence list ? list.Items : [];
        var others = spec.Entries.Where(e => e.Key != "endpoints");
        return new ConfigMapping([.. others, new ConfigEntry("endpoints", location, JsonConfigNode.List(written.AddRange(discovered), location))], spec.Location);
    }
}
