namespace Mesh.ControlPlane.Configuration;

/// <summary>Where a value was written: file path relative to the config directory, 1-based line and column.</summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
