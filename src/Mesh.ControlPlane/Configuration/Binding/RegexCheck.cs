using System.Text.RegularExpressions;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Checks that a user-written pattern compiles here and in RE2, the engine xDS clients use for <c>safe_regex</c>.</summary>
internal static class RegexCheck
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Null when <paramref name="pattern"/> compiles; otherwise the parser's complaint and a hint.</summary>
    public static string? Problem(string field, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            return $"{field} '{pattern}' is not a valid regular expression ({ex.Message}); fix the pattern or use prefix/exact";
        }

        return Re2Syntax.UnsupportedConstruct(pattern) is { } construct
            ? $"{field} '{pattern}' uses {construct}, which RE2 (the regex engine of Envoy and gRPC clients) does not support; rewrite the pattern without it or use prefix/exact"
            : null;
    }
}
