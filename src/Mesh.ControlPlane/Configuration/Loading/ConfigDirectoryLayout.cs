using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>
/// Finds the YAML files of one environment: <c>base/**</c> overlaid by <c>environments/NAME/**</c>,
/// or, when there is no <c>base/</c> and no environment is asked for, every YAML file below the directory.
/// </summary>
internal static class ConfigDirectoryLayout
{
    public const string BaseDirectory = "base";
    public const string EnvironmentsDirectory = "environments";

    /// <summary>Returns the layers, or null after adding an error naming the missing directory.</summary>
    public static ConfigLayers? Discover(string configDirectory, string? environment, ICollection<ConfigError> errors)
    {
        if (!Directory.Exists(configDirectory))
        {
            errors.Add(new ConfigError(
                new SourceLocation(configDirectory, 0, 0),
                string.Empty,
                "config directory not found; pass an existing directory to --config-dir"));
            return null;
        }

        var basePath = Path.Combine(configDirectory, BaseDirectory);
        var hasBase = Directory.Exists(basePath);
        if (string.IsNullOrEmpty(environment))
        {
            var files = hasBase ? YamlFiles(configDirectory, basePath) : YamlFiles(configDirectory, configDirectory);
            return new ConfigLayers(string.Empty, files, []);
        }

        var relativeEnvironment = $"{EnvironmentsDirectory}/{environment}";
        var environmentPath = Path.Combine(configDirectory, EnvironmentsDirectory, environment);
        if (environment.IndexOfAny(['/', '\\']) >= 0 || environment is "." or ".." || !Directory.Exists(environmentPath))
        {
            errors.Add(new ConfigError(
                new SourceLocation(relativeEnvironment, 0, 0),
                string.Empty,
                $"environment '{environment}' not found: create {relativeEnvironment}/ or pass one of: {Known(configDirectory)}"));
            return null;
        }

        var baseFiles = hasBase ? YamlFiles(configDirectory, basePath) : [];
        return new ConfigLayers(environment, baseFiles, YamlFiles(configDirectory, environmentPath));
    }

    /// <summary>Makes <paramref name="path"/> relative to the config directory with forward slashes.</summary>
    public static string Relative(string configDirectory, string path) =>
        Path.GetRelativePath(configDirectory, path).Replace('\\', '/');

    private static ImmutableArray<string> YamlFiles(string configDirectory, string directory) =>
        [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(IsYaml)
            .Select(file => Relative(configDirectory, file))
            .Order(StringComparer.Ordinal)];

    private static bool IsYaml(string file)
    {
        var extension = Path.GetExtension(file);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase);
    }

    private static string Known(string configDirectory)
    {
        var environments = Path.Combine(configDirectory, EnvironmentsDirectory);
        var names = Directory.Exists(environments)
            ? Directory.EnumerateDirectories(environments).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()
            : [];
        return names.Length == 0 ? "(none; omit --environment to load base only)" : string.Join(", ", names);
    }
}
