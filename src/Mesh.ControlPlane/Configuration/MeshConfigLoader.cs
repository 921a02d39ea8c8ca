using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Binding;
using Mesh.ControlPlane.Configuration.Loading;
using Mesh.ControlPlane.Configuration.Validation;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Turns a config directory into one validated <see cref="MeshConfig"/> for one environment, or the
/// complete list of what is wrong: read YAML, overlay the environment on the base, bind strictly,
/// validate the whole snapshot. Nothing is returned half-loaded.
/// </summary>
internal sealed class MeshConfigLoader
{
    /// <summary>Loads <c>base/</c> overlaid by <c>environments/<paramref name="environment"/>/</c> (or a flat directory).</summary>
    /// <param name="configDirectory">The directory passed to <c>--config-dir</c>.</param>
    /// <param name="environment">The environment to serve; null or empty for base only (or the flat directory).</param>
    public ConfigLoadResult Load(string configDirectory, string? environment)
    {
        var errors = new List<ConfigError>();
        var layers = ConfigDirectoryLayout.Discover(configDirectory, environment, errors);
        if (layers is null)
        {
            return ConfigLoadResult.Failure(errors, []);
        }

        var baseLayer = ReadLayer(configDirectory, layers.BaseFiles, errors);
        var environmentLayer = ReadLayer(configDirectory, layers.EnvironmentFiles, errors);
        var documents = ResourceOverlay.Apply(baseLayer, environmentLayer, errors);

        var resources = new List<BoundResource>(documents.Count);
        var declaredServices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (ResourceDocument.From(document).Key is { Kind: ResourceKinds.MeshService } key)
            {
                declaredServices.Add($"{key.Namespace}/{key.Name}");
            }

            if (ResourceBinder.Bind(document, errors) is { } resource)
            {
                resources.Add(resource);
            }
        }

        SnapshotValidator.Validate(resources, declaredServices, errors);
        return errors.Count > 0
            ? ConfigLoadResult.Failure(errors, layers.AllFiles)
            : ConfigLoadResult.Success(MeshConfigBuilder.Build(layers.Environment, resources), layers.AllFiles);
    }

    private static List<ResourceDocument> ReadLayer(string configDirectory, ImmutableArray<string> files, List<ConfigError> errors)
    {
        var documents = new List<ResourceDocument>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(configDirectory, file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigError(new SourceLocation(file, 0, 0), string.Empty, $"cannot read the file ({ex.Message}); check it exists and is readable"));
                continue;
            }

            foreach (var root in YamlDocumentReader.Read(text, file, errors))
            {
                if (root is ConfigMapping mapping)
                {
                    documents.Add(ResourceDocument.From(mapping));
                }
                else
                {
                    errors.Add(new ConfigError(
                        root.Location,
                        string.Empty,
                        $"a document must be a resource mapping with apiVersion, kind, metadata and spec, got {root.Description}"));
                }
            }
        }

        return documents;
    }
}
