namespace Mesh.ControlPlane.Configuration.Yaml;

/// <summary>A scalar as written; <see cref="IsPlain"/> is false for quoted or block scalars.</summary>
internal sealed record ConfigScalar(string Value, bool IsPlain, SourceLocation Location) : ConfigNode(Location)
{
    /// <summary>True for the plain scalars YAML reads as null: empty, <c>~</c> and <c>null</c>.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Description => IsNull ? "null" : $"'{Value}'";
}
