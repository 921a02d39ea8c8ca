using System.Text.RegularExpressions;
using Envoy.Type.Matcher.V3;

namespace Mesh.Sdk.Routing;

/// <summary>An xDS <c>StringMatcher</c> compiled once: exact, prefix, suffix, contains or a whole-string regex.</summary>
internal sealed class StringCondition
{
    private readonly StringMatcher.MatchPatternOneofCase _kind;
    private readonly string _pattern;
    private readonly Regex? _regex;
    private readonly StringComparison _comparison;

    private StringCondition(StringMatcher.MatchPatternOneofCase kind, string pattern, Regex? regex, bool ignoreCase)
    {
        _kind = kind;
        _pattern = pattern;
        _regex = regex;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    /// <summary>Compiles the matcher, or explains why it cannot be (unset, or a regex that does not parse).</summary>
    public static StringCondition? Compile(StringMatcher matcher, string field, out string? error)
    {
        error = null;
        switch (matcher.MatchPatternCase)
        {
            case StringMatcher.MatchPatternOneofCase.Exact:
                return new StringCondition(matcher.MatchPatternCase, matcher.Exact, null, matcher.IgnoreCase);
            case StringMatcher.MatchPatternOneofCase.Prefix:
                return new StringCondition(matcher.MatchPatternCase, matcher.Prefix, null, matcher.IgnoreCase);
            case StringMatcher.MatchPatternOneofCase.Suffix:
                return new StringCondition(matcher.MatchPatternCase, matcher.Suffix, null, matcher.IgnoreCase);
            case StringMatcher.MatchPatternOneofCase.Contains:
                return new StringCondition(matcher.MatchPatternCase, matcher.Contains, null, matcher.IgnoreCase);
            case StringMatcher.MatchPatternOneofCase.SafeRegex:
                var regex = RegexCompiler.Compile(matcher.SafeRegex.Regex, ignoreCase: matcher.IgnoreCase, field, out error);
                return regex is null ? null : new StringCondition(matcher.MatchPatternCase, matcher.SafeRegex.Regex, regex, ignoreCase: false);
            default:
                error = $"{field} sets no match pattern.";
                return null;
        }
    }

    public bool Matches(string value) => _kind switch
    {
        StringMatcher.MatchPatternOneofCase.Exact => value.Equals(_pattern, _comparison),
        StringMatcher.MatchPatternOneofCase.Prefix => value.StartsWith(_pattern, _comparison),
        StringMatcher.MatchPatternOneofCase.Suffix => value.EndsWith(_pattern, _comparison),
        StringMatcher.MatchPatternOneofCase.Contains => value.Contains(_pattern, _comparison),
        _ => _regex!.IsMatch(value),
    };
}
