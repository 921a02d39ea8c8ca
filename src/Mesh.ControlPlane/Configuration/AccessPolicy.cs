using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration;

/// <summary>The <c>AccessPolicy</c> resource: who may call which methods and paths of a service.</summary>
internal sealed record AccessPolicy(ResourceMetadata Metadata, AccessPolicySpec Spec) : MeshResource(Metadata)
{
    public override string Kind => ResourceKinds.AccessPolicy;
}

/// <summary><c>AccessPolicy.spec</c>.</summary>
internal sealed record AccessPolicySpec(
    string Service,
    AccessAction Action,
    ImmutableArray<AccessSource> From,
    ImmutableArray<AccessTarget> To);

/// <summary><c>spec.action</c>.</summary>
internal enum AccessAction
{
    Allow,
    Deny,
}

/// <summary><c>spec.from[]</c>: exactly one of identity or service.</summary>
internal sealed record AccessSource(string? Identity, string? Service);

/// <summary><c>spec.to[]</c>: empty lists and an empty header map match everything; every header given must match.</summary>
internal sealed record AccessTarget(ImmutableArray<string> Methods, ImmutableArray<string> Paths, ImmutableSortedDictionary<string, HeaderMatch> Headers);
