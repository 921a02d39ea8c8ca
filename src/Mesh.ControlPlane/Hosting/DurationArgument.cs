using System.CommandLine.Parsing;
using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Hosting;

/// <summary>Reads a command-line duration of at least one second, such as <c>30s</c> or <c>24h</c>, naming the option when it is not one.</summary>
internal static class DurationArgument
{
    public static TimeSpan Parse(ArgumentResult result, string option, string examples, TimeSpan fallback)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DurationParser.TryParse(text, out var duration) && duration >= TimeSpan.FromSeconds(1))
        {
            return duration;
        }

        result.AddError($"{option} '{text}' is not a duration of at least 1s: write for example {examples}.");
        return fallback;
    }
}
