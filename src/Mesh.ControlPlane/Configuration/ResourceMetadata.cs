using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>metadata</c> of a resource, with where the resource was declared.</summary>
internal sealed record ResourceMetadata(
    string Name,
    string Namespace,
    ImmutableSortedDictionary<string, string> Annotations,
    SourceLocation Location)
{
    public const string DefaultNamespace = "default";
}
