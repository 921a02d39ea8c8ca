using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources;

/// <summary>The config snapshot being served, its content version, when it was accepted and from which files.</summary>
internal sealed record AcceptedConfig(MeshConfig Config, string Version, DateTimeOffset AcceptedAt, ImmutableArray<string> Files);
