using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>A throwaway config directory under the temp folder, deleted when the test ends.</summary>
internal sealed class ConfigDirectory : IDisposable
{
    public ConfigDirectory()
    {
        Path = Directory.CreateTempSubdirectory("mesh-config-").FullName;
    }

    public string Path { get; }

    public ConfigDirectory Write(string relativePath, string yaml)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, yaml.ReplaceLineEndings("\n"));
        return this;
    }

    public ConfigLoadResult Load(string? environment = null) => new MeshConfigLoader().Load(Path, environment);

    /// <summary>Loads and asserts success, showing every error when it fails.</summary>
    public MeshConfig LoadValid(string? environment = null)
    {
        var result = Load(environment);
        Assert.True(result.Succeeded, "expected a clean load, got:\n" + string.Join("\n", result.Errors));
        return result.Config;
    }

    /// <summary>Loads, asserts failure, and asserts an error at <paramref name="location"/> on <paramref name="field"/> mentioning <paramref name="fragment"/>.</summary>
    public ConfigError LoadError(string location, string field, string fragment, string? environment = null)
    {
        var result = Load(environment);
        Assert.False(result.Succeeded, "expected errors, but the config loaded");
        Assert.Null(result.Config);
        var match = result.Errors.FirstOrDefault(e =>
            e.ToString().StartsWith(location + ":", StringComparison.Ordinal)
            && e.Field == field
            && e.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.True(match is not null, $"no error at {location} on '{field}' mentioning '{fragment}'; got:\n{string.Join("\n", result.Errors)}");
        return match;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
