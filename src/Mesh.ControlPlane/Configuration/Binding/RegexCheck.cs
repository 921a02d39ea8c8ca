using System.Text.RegularExpressions;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Checks that a user-written pattern compiles, the way the data path will compile it.</summary>
internal static class RegexCheck
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Null when <paramref name="pattern"/> compiles; otherwise the parser's complaint and a hint.</summary>
    public static string? Problem(string field, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, MatchTimeout);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"{field} '{pattern}' is not a valid regular expression ({ex.Message}); fix the pattern or use prefix/exact";
        }
    }
}
