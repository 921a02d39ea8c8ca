using System.Collections.Immutable;
using Google.Protobuf;

namespace Mesh.Sdk.Xds.Validation;

/// <summary>The resources of one response that decoded and validated, by name, and a problem per resource that did not.</summary>
/// <param name="Resources">The valid resources by name.</param>
/// <param name="Errors">One line per bad resource, naming it and saying why.</param>
internal sealed record DecodedResources(ImmutableDictionary<string, IMessage> Resources, ImmutableArray<string> Errors)
{
    public bool IsValid => Errors.IsEmpty;
}
