namespace Mesh.Cli.Differences;

/// <summary>
/// One difference between two environments: a resource only in the first (<c>-</c>), only in the
/// second (<c>+</c>), or a field that changed (<c>~</c>, with the values as JSON; null when unset).
/// </summary>
internal sealed record PolicyDifference(string Change, string Kind, string Name, string? Field, string? From, string? To)
{
    public const string Added = "+";
    public const string Removed = "-";
    public const string Changed = "~";

    public override string ToString() => Field is null
        ? $"{Change} {Kind} {Name}"
        : $"{Change} {Kind} {Name} {Field}: {Show(From)} → {Show(To)}";

    private static string Show(string? json) => json switch
    {
        null => "(unset)",
        ['"', .., '"'] => json[1..^1],
        _ => json,
    };
}
