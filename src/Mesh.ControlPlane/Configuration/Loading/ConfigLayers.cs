using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>The files of the base layer and of the environment layer, relative to the config directory, sorted.</summary>
internal sealed record ConfigLayers(string Environment, ImmutableArray<string> BaseFiles, ImmutableArray<string> EnvironmentFiles)
{
    public ImmutableArray<string> AllFiles => BaseFiles.AddRange(EnvironmentFiles);
}
