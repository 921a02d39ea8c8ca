using System.Collections.Immutable;
using Google.Protobuf.Collections;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// What one stream asked for of one type URL and where the exchange stands: subscribed names,
/// the last response sent, the last ACK and the last NACK. Used only by its session's loop.
/// </summary>
internal sealed class SubscriptionState : TypeSubscription
{
    private bool _subscribed;
    private string[] _names = [];

    public SubscriptionState(string typeUrl)
        : base(typeUrl)
    {
    }

    /// <summary>
    /// Applies the names of a request. An empty list is a wildcard for listeners and clusters when it
    /// opens the subscription (or keeps a wildcard one), and "none" otherwise; <c>*</c> is always a wildcard.
    /// </summary>
    /// <returns>True when the subscription is new, renewed or changed, so the stream must get a response.</returns>
    public bool Subscribe(RepeatedField<string> requested, bool renew)
    {
        var opening = renew || !_subscribed;
        var wildcard = requested.Contains(WildcardName)
            || (requested.Count == 0 && SupportsImplicitWildcard(TypeUrl) && (opening || IsWildcard));
        var names = wildcard ? [] : Normalize(requested);
        var changed = opening || wildcard != IsWildcard || !names.AsSpan().SequenceEqual(_names);

        _subscribed = true;
        IsWildcard = wildcard;
        _names = names;
        ResponseDue |= changed;
        return changed;
    }

    /// <summary>The subscribed resources that exist, in name order.</summary>
    public List<CachedResource> Select(ImmutableSortedDictionary<string, CachedResource> available)
    {
        if (IsWildcard)
        {
            return [.. available.Values];
        }

        var selected = new List<CachedResource>(_names.Length);
        foreach (var name in _names)
        {
            if (available.TryGetValue(name, out var resource))
            {
                selected.Add(resource);
            }
        }

        return selected;
    }

    public void RecordSent(string version, string nonce) => MarkSent(version, nonce);

    protected override IReadOnlyList<string> SubscribedNames() => _names;

    private static bool SupportsImplicitWildcard(string typeUrl) =>
        typeUrl is TypeUrls.Listener or TypeUrls.Cluster;

    private static string[] Normalize(RepeatedField<string> requested)
    {
        var names = new SortedSet<string>(requested, StringComparer.Ordinal);
        return [.. names];
    }
}
