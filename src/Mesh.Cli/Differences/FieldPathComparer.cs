using System.Globalization;
using System.Text.RegularExpressions;

namespace Mesh.Cli.Differences;

/// <summary>Orders field paths as a reader expects: <c>rules[2]</c> before <c>rules[10]</c>.</summary>
internal sealed partial class FieldPathComparer : IComparer<string>
{
    public static FieldPathComparer Instance { get; } = new();

    public int Compare(string? x, string? y) => string.CompareOrdinal(Pad(x), Pad(y));

    private static string? Pad(string? path) =>
        path is null ? null : Index().Replace(path, m => "[" + int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture).ToString("D9", CultureInfo.InvariantCulture) + "]");

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Index();
}
