using System.Collections.Immutable;

namespace Mesh.Sdk.Xds;

/// <summary>What a cache file held: the resources and the version accepted last for each kind.</summary>
/// <param name="Resources">The resources, validated again on load.</param>
/// <param name="Versions">The accepted <c>version_info</c> per <see cref="XdsResourceKind"/>.</param>
internal sealed record XdsCacheContents(XdsResources Resources, ImmutableArray<string> Versions);
