using System.Globalization;
using System.Text.RegularExpressions;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Parses the config language's durations: <c>250ms</c>, <c>2s</c>, <c>1m</c>, <c>1h</c>, <c>1m30s</c>.</summary>
internal static partial class DurationParser
{
    public const string Examples = "250ms, 2s, 1m, 1h or 1m30s";

    private static readonly (string Group, long Unit)[] Units = [("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    /// <summary>Parses a positive duration; false for anything else, including zero.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        long milliseconds = 0;
        foreach (var (group, unit) in Units)
        {
            var value = match.Groups[group];
            if (!value.Success)
            {
                continue;
            }

            if (!long.TryParse(value.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > TimeSpan.MaxValue.TotalMilliseconds / unit)
            {
                return false;
            }

            milliseconds += amount * unit;
        }

        if (milliseconds <= 0 || milliseconds > (long)TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    [GeneratedRegex(@"^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m(?!s))?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
