using System.Text.RegularExpressions;

namespace Mesh.Sdk.Routing;

/// <summary>
/// Compiles xDS <c>safe_regex</c> patterns as Envoy applies them: RE2 syntax matched against the whole
/// value. The non-backtracking engine keeps matching linear in the input, as RE2 does, whatever the pattern.
/// </summary>
internal static class RegexCompiler
{
    public static Regex? Compile(string pattern, bool ignoreCase, string field, out string? error)
    {
        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        if (ignoreCase)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            error = null;
            return new Regex($@"\A(?:{pattern})\z", options);
        }
        catch (ArgumentException exception)
        {
            error = $"{field} has regex '{pattern}' that does not compile: {exception.Message}";
            return null;
        }
    }
}
