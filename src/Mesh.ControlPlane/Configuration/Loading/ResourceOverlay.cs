using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>
/// Applies an environment layer to the base layer: same kind + namespace + name merges field by field,
/// new resources are added, and <c>mesh.dev/remove: "true"</c> deletes the base resource.
/// </summary>
internal static class ResourceOverlay
{
    public static List<ConfigMapping> Apply(
        IReadOnlyList<ResourceDocument> baseLayer,
        IReadOnlyList<ResourceDocument> environmentLayer,
        ICollection<ConfigError> errors)
    {
        var result = new List<ConfigMapping>();
        var baseIndex = Index(baseLayer, errors);
        var environmentIndex = Index(environmentLayer, errors);
        foreach (var document in baseLayer)
        {
            if (document.RequestsRemoval)
            {
                errors.Add(AnnotationError(document, $"{ResourceDocument.RemoveAnnotation} only applies in an environment; delete the base resource instead"));
            }

            if (document.Key is not { } key)
            {
                result.Add(document.Root);
            }
            else if (!ReferenceEquals(baseIndex[key], document))
            {
                continue;
            }
            else if (!environmentIndex.TryGetValue(key, out var overlay))
            {
                result.Add(document.Root);
            }
            else if (!overlay.RequestsRemoval)
            {
                result.Add((ConfigMapping)NodeMerger.Merge(document.Root, overlay.Root));
            }
        }

        foreach (var document in environmentLayer)
        {
            if (document.Key is not { } key)
            {
                result.Add(document.Root);
            }
            else if (!ReferenceEquals(environmentIndex[key], document) || baseIndex.ContainsKey(key))
            {
                continue;
            }
            else if (document.RequestsRemoval)
            {
                errors.Add(AnnotationError(document, $"{ResourceDocument.RemoveAnnotation} removes {key}, but the base declares no such resource; check kind, namespace and name"));
            }
            else
            {
                result.Add(document.Root);
            }
        }

        return result;
    }

    /// <summary>Indexes a layer by key, reporting every later duplicate against the first declaration.</summary>
    private static Dictionary<ResourceKey, ResourceDocument> Index(IReadOnlyList<ResourceDocument> layer, ICollection<ConfigError> errors)
    {
        var index = new Dictionary<ResourceKey, ResourceDocument>();
        foreach (var document in layer)
        {
            if (document.Key is { } key && !index.TryAdd(key, document))
            {
                errors.Add(new ConfigError(
                    NameLocation(document.Root),
                    "metadata.name",
                    $"duplicate {key}: already declared at {index[key].Root.Location}; keep one of the two or rename one"));
            }
        }

        return index;
    }

    private static ConfigError AnnotationError(ResourceDocument document, string message) =>
        new(document.RemovalAnnotation?.Location ?? document.Root.Location, $"metadata.annotations.{ResourceDocument.RemoveAnnotation}", message);

    private static SourceLocation NameLocation(ConfigMapping root) =>
        root.Find("metadata")?.Value is ConfigMapping metadata && metadata.Find("name") is { } name
            ? name.Value.Location
            : root.Location;
}
