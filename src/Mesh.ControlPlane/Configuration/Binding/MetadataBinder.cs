using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>metadata</c>: a DNS-style name, a namespace (default <c>default</c>) and annotations.</summary>
internal static partial class MetadataBinder
{
    /// <summary>The name the one <c>Mesh</c> resource must have, and gets when it has no metadata.</summary>
    public const string MeshName = "default";

    public static ResourceMetadata? Bind(NodeReader root, string kind)
    {
        var isMesh = kind == ResourceKinds.Mesh;
        if (!root.Has("metadata") && isMesh)
        {
            return new ResourceMetadata(
                MeshName,
                ResourceMetadata.DefaultNamespace,
                ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal),
                root.Location);
        }

        var metadata = root.Mapping("metadata", required: true, "name", "namespace", "annotations");
        if (metadata is null)
        {
            return null;
        }

        var name = CheckedName(metadata, "name", required: true);
        var ns = CheckedName(metadata, "namespace", required: false) ?? ResourceMetadata.DefaultNamespace;
        var annotations = metadata.StringMap("annotations");
        return name is null ? null : new ResourceMetadata(name, ns, annotations, root.Location);
    }

    private static string? CheckedName(NodeReader metadata, string field, bool required)
    {
        var value = metadata.String(field, required);
        if (value is null || (value.Length <= 253 && NamePattern().IsMatch(value)))
        {
            return value;
        }

        metadata.Error(field, $"{field} '{value}' is not a valid name; use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
