using System.Text.RegularExpressions;
using Mesh.ControlPlane.Configuration;

namespace Mesh.Cli.Analysis;

/// <summary>
/// Adds a fix to a loader error where one is obvious: the known name a typo was close to, or the
/// names that do exist. The loader's messages are the contract read here; an error it does not
/// recognise simply gets no suggestion.
/// </summary>
internal static partial class FixSuggester
{
    public static string? Suggest(ConfigError error)
    {
        var message = error.Message;
        if (UnknownField().Match(message) is { Success: true } field)
        {
            return DidYouMean(field.Groups["typed"].Value, Split(field.Groups["known"].Value), "fields allowed here");
        }

        if (NotOneOf().Match(message) is { Success: true } choice)
        {
            return DidYouMean(choice.Groups["typed"].Value, Split(choice.Groups["known"].Value), "allowed values");
        }

        if (MissingSubset().Match(message) is { Success: true } subset)
        {
            var known = subset.Groups["known"].Success ? Split(subset.Groups["known"].Value) : [];
            var service = subset.Groups["service"].Value;
            return known.Count == 0
                ? $"MeshService {service} defines no subsets; add one under its spec.subsets, or drop the subset to use all endpoints"
                : DidYouMean(subset.Groups["typed"].Value, known, $"subsets of {service}");
        }

        if (MissingService().Match(message) is { Success: true } missing)
        {
            var declared = missing.Groups["known"].Success ? Split(missing.Groups["known"].Value).Select(s => s[(s.IndexOf('/') + 1)..]).ToList() : [];
            return declared.Count == 0 ? null : DidYouMean(missing.Groups["typed"].Value, declared, "services declared");
        }

        if (BadDuration().Match(message) is { Success: true } duration)
        {
            var number = duration.Groups["value"].Value;
            return $"add a unit: '{number}s' for seconds or '{number}ms' for milliseconds";
        }

        if (error.Field.EndsWith(".weight", StringComparison.Ordinal) && message.Contains(" must be ", StringComparison.Ordinal))
        {
            return "weights are whole numbers from 0 up; each destination gets its weight's share of the rule's total";
        }

        return null;
    }

    private static string DidYouMean(string typed, IReadOnlyList<string> known, string what)
    {
        var closest = EditDistance.Closest(typed, known);
        var list = $"{what}: {string.Join(", ", known)}";
        return closest is null ? list : $"did you mean '{closest}'? ({list})";
    }

    private static List<string> Split(string list) =>
        [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    [GeneratedRegex(@"^unknown field '(?<typed>[^']*)'; allowed fields here are: (?<known>.*)$")]
    private static partial Regex UnknownField();

    [GeneratedRegex(@" must be one of (?<known>.*); got '(?<typed>[^']*)'$")]
    private static partial Regex NotOneOf();

    [GeneratedRegex(@"^subset '(?<typed>[^']*)' is not defined by MeshService (?<service>\S+) \(it defines (?:none|(?<known>[^)]*))\)")]
    private static partial Regex MissingSubset();

    [GeneratedRegex(@"^service '(?<typed>[^']*)' does not exist in namespace '[^']*' \((?:none are declared|declared: (?<known>[^)]*))\)")]
    private static partial Regex MissingService();

    [GeneratedRegex(@"must be a positive duration like .*; got '(?<value>[0-9]+)'$")]
    private static partial Regex BadDuration();
}
