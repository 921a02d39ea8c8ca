using Mesh.ControlPlane.Configuration.Binding;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>
/// One resource document before binding, with the identity the overlay matches on. <see cref="Key"/>
/// is null when kind or name is missing; binding then reports what is missing.
/// </summary>
internal sealed record ResourceDocument(ConfigMapping Root, ResourceKey? Key)
{
    public const string RemoveAnnotation = "mesh.dev/remove";

    public static ResourceDocument From(ConfigMapping root)
    {
        var kind = Text(root, "kind");
        var metadata = root.Find("metadata")?.Value as ConfigMapping;
        var name = metadata is null ? (kind == ResourceKinds.Mesh ? MetadataBinder.MeshName : null) : Text(metadata, "name");
        var ns = (metadata is null ? null : Text(metadata, "namespace")) ?? ResourceMetadata.DefaultNamespace;
        return new ResourceDocument(root, kind is null || name is null ? null : new ResourceKey(kind, ns, name));
    }

    /// <summary>The <c>mesh.dev/remove: "true"</c> annotation asking to remove the base resource of the same key, if present.</summary>
    public ConfigScalar? RemovalAnnotation =>
        Root.Find("metadata")?.Value is ConfigMapping metadata
        && metadata.Find("annotations")?.Value is ConfigMapping annotations
        && annotations.Find(RemoveAnnotation)?.Value is ConfigScalar { Value: "true" } annotation
            ? annotation
            : null;

    public bool RequestsRemoval => RemovalAnnotation is not null;

    private static string? Text(ConfigMapping mapping, string key) =>
        mapping.Find(key)?.Value is ConfigScalar { IsNull: false, Value.Length: > 0 } scalar ? scalar.Value : null;
}
