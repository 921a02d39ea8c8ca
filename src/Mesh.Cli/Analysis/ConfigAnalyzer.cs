using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Loading;

namespace Mesh.Cli.Analysis;

/// <summary>
/// Loads a config directory the way mesh-cp does, for base and every environment (or one), and
/// merges the errors so a mistake in base is reported once, not once per environment.
/// </summary>
internal static class ConfigAnalyzer
{
    /// <summary>What to call base-only loading in reports.</summary>
    public const string Base = "base";

    public static AnalysisReport Analyze(string configDirectory, string? environment)
    {
        var loader = new MeshConfigLoader();
        var targets = Targets(configDirectory, environment);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var errors = new Dictionary<ConfigError, List<string>>();
        foreach (var target in targets)
        {
            var result = loader.Load(configDirectory, target == Base ? null : target);
            files.UnionWith(result.Files);
            foreach (var error in result.Errors)
            {
                if (!errors.TryGetValue(error, out var environments))
                {
                    errors[error] = environments = [];
                }

                environments.Add(target);
            }
        }

        var analyzed = errors
            .OrderBy(e => e.Key, ConfigError.ByLocation)
            .Select(e => new AnalyzedError(
                e.Key.Location.File,
                e.Key.Location.Line,
                e.Key.Location.Column,
                e.Key.Field,
                e.Key.Message,
                FixSuggester.Suggest(e.Key),
                e.Value))
            .ToList();
        return new AnalysisReport(targets, [.. files], analyzed);
    }

    private static List<string> Targets(string configDirectory, string? environment)
    {
        if (!string.IsNullOrEmpty(environment))
        {
            return [environment];
        }

        var environments = Path.Combine(configDirectory, ConfigDirectoryLayout.EnvironmentsDirectory);
        if (!Directory.Exists(environments))
        {
            return [Base];
        }

        return [Base, .. Directory.GetDirectories(environments).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
    }
}
