using System.Collections.Immutable;
using Google.Protobuf;

namespace Mesh.ControlPlane.Translation;

/// <summary>The xDS resources translated for one kind of client: by type URL, then by resource name (sorted).</summary>
internal sealed class XdsResourceSet
{
    private static readonly ImmutableSortedDictionary<string, IMessage> None =
        ImmutableSortedDictionary<string, IMessage>.Empty.WithComparers(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, ImmutableSortedDictionary<string, IMessage>> _byType;

    public XdsResourceSet(ImmutableDictionary<string, ImmutableSortedDictionary<string, IMessage>> byType)
    {
        _byType = byType;
    }

    public static XdsResourceSet Empty { get; } = new(ImmutableDictionary<string, ImmutableSortedDictionary<string, IMessage>>.Empty);

    /// <summary>The resources of <paramref name="typeUrl"/>; empty for a type with none.</summary>
    public ImmutableSortedDictionary<string, IMessage> Get(string typeUrl) =>
        _byType.TryGetValue(typeUrl, out var resources) ? resources : None;
}
