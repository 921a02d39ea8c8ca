namespace Mesh.ControlPlane.Configuration.Yaml;

/// <summary>
/// A YAML node that remembers the file, line and column it came from, so a tree merged from a base
/// and an environment file still points each value at the file that wrote it.
/// </summary>
internal abstract record ConfigNode(SourceLocation Location)
{
    /// <summary>What the node is, for "must be a mapping, got a sequence" messages.</summary>
    public abstract string Description { get; }
}
