using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// The outcome of <see cref="MeshConfigLoader.Load"/>: a validated <see cref="Config"/> or every
/// <see cref="Errors">error</see> found (never both), plus the files that were read.
/// </summary>
internal sealed record ConfigLoadResult
{
    private ConfigLoadResult(MeshConfig? config, ImmutableArray<ConfigError> errors, ImmutableArray<string> files)
    {
        Config = config;
        Errors = errors;
        Files = files;
    }

    /// <summary>The snapshot; null when <see cref="Errors"/> is not empty.</summary>
    public MeshConfig? Config { get; }

    /// <summary>Every error, sorted by file, line and column; empty on success.</summary>
    public ImmutableArray<ConfigError> Errors { get; }

    /// <summary>The YAML files read, relative to the config directory with forward slashes, base before environment.</summary>
    public ImmutableArray<string> Files { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null;

    public static ConfigLoadResult Success(MeshConfig config, ImmutableArray<string> files) => new(config, [], files);

    public static ConfigLoadResult Failure(IEnumerable<ConfigError> errors, ImmutableArray<string> files)
    {
        var sorted = errors.Distinct().Order(ConfigError.ByLocation).ToImmutableArray();
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("A failed load needs at least one error.", nameof(errors));
        }

        return new(null, sorted, files);
    }
}
