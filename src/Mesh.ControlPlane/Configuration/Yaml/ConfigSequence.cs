using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Yaml;

/// <summary>A YAML sequence.</summary>
internal sealed record ConfigSequence(ImmutableArray<ConfigNode> Items, SourceLocation Location) : ConfigNode(Location)
{
    public override string Description => "a list";
}
