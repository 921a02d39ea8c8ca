using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>What <see cref="KubernetesSnapshotBuilder"/> made of the cluster: the config to serve and the objects it left out, with why.</summary>
internal sealed record KubernetesSnapshot(ConfigLoadResult LoadResult, ImmutableArray<ConfigError> Skipped, ImmutableSortedSet<string> SkippedObjects);
