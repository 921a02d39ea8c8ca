namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// One problem found while loading config: where the offending value was written, the field path
/// (<c>spec.rules[0].destinations[1].weight</c>, empty for whole-file problems) and what to do about it.
/// </summary>
internal sealed record ConfigError(SourceLocation Location, string Field, string Message)
{
    /// <summary>Orders errors by file, line and column, then field, so reports are stable.</summary>
    public static IComparer<ConfigError> ByLocation { get; } = Comparer<ConfigError>.Create(Compare);

    public override string ToString()
    {
        // Directory-level problems have no line to point at.
        var where = Location.Line > 0 ? Location.ToString() : Location.File;
        return Field.Length == 0 ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }

    private static int Compare(ConfigError? x, ConfigError? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var result = string.CompareOrdinal(x.Location.File, y.Location.File);
        if (result == 0)
        {
            result = x.Location.Line.CompareTo(y.Location.Line);
        }

        if (result == 0)
        {
            result = x.Location.Column.CompareTo(y.Location.Column);
        }

        if (result == 0)
        {
            result = string.CompareOrdinal(x.Field, y.Field);
        }

        return result == 0 ? string.CompareOrdinal(x.Message, y.Message) : result;
    }
}
