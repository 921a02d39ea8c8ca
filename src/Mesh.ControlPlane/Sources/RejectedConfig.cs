using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources;

/// <summary>The last config that failed validation and was not served, with every error found in it.</summary>
internal sealed record RejectedConfig(ImmutableArray<ConfigError> Errors, DateTimeOffset RejectedAt);
