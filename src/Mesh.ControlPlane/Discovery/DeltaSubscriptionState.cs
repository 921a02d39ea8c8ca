using Google.Protobuf.Collections;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// One type URL of an incremental (delta) ADS stream: the names subscribed, the version of each
/// resource the client holds, and where the ACK/NACK exchange stands. Used only by its session's loop.
/// </summary>
internal sealed class DeltaSubscriptionState
{
    private const string WildcardName = "*";
    private static readonly string[] WildcardNames = [WildcardName];

    private readonly SortedSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clientVersions = new(StringComparer.Ordinal);
    private bool _subscribed;

    public DeltaSubscriptionState(string typeUrl)
    {
        TypeUrl = typeUrl;
    }

    public string TypeUrl { get; }

    public bool IsWildcard { get; private set; }

    /// <summary>True when the subscription changed and has not been answered yet.</summary>
    public bool ResponseDue { get; private set; }

    public string? LastSentVersion { get; private set; }

    public string? LastSentNonce { get; private set; }

    public string? AckedVersion { get; private set; }

    public XdsNack? LastNack { get; private set; }

    /// <summary>
    /// Applies a request's subscribe and unsubscribe lists. The first request of a listener or cluster
    /// subscription with nothing to subscribe is a wildcard, as Envoy's legacy delta clients expect;
    /// <c>*</c> subscribes or unsubscribes the wildcard explicitly. Versions the client reports holding
    /// (on a reconnect) are taken as what it has, so only differences are sent.
    /// </summary>
    public void Apply(RepeatedField<string> subscribe, RepeatedField<string> unsubscribe, MapField<string, string> initialVersions)
    {
        if (!_subscribed)
        {
            _subscribed = true;
            ResponseDue = true;
            IsWildcard = subscribe.Count == 0 && TypeUrl is TypeUrls.Listener or TypeUrls.Cluster;
            foreach (var (name, version) in initialVersions)
            {
                _clientVersions[name] = version;
            }
        }

        foreach (var name in subscribe)
        {
            if (name == WildcardName)
            {
                ResponseDue |= !IsWildcard;
                IsWildcard = true;
            }
            else if (_names.Add(name))
            {
                ResponseDue = true;
            }
        }

        foreach (var name in unsubscribe)
        {
            if (name == WildcardName)
            {
                IsWildcard = false;
            }
            else
            {
                _names.Remove(name);
                _clientVersions.Remove(name);
            }
        }
    }

    /// <summary>What the client lacks: resources it wants whose version differs, and names it holds that are gone.</summary>
    public (List<CachedResource> Changed, List<string> Removed) Diff(IReadOnlyDictionary<string, CachedResource> available)
    {
        var changed = new List<CachedResource>();
        if (IsWildcard)
        {
            foreach (var resource in available.Values)
            {
                AddIfChanged(resource, changed);
            }
        }
        else
        {
            foreach (var name in _names)
            {
                if (available.TryGetValue(name, out var resource))
                {
                    AddIfChanged(resource, changed);
                }
            }
        }

        var removed = new List<string>();
        foreach (var name in _clientVersions.Keys)
        {
            if (!available.ContainsKey(name) || (!IsWildcard && !_names.Contains(name)))
            {
                removed.Add(name);
            }
        }

        removed.Sort(StringComparer.Ordinal);
        return (changed, removed);
    }

    public void RecordSent(string systemVersion, string nonce, List<CachedResource> changed, List<string> removed)
    {
        foreach (var resource in changed)
        {
            _clientVersions[resource.Name] = resource.Hash;
        }

        foreach (var name in removed)
        {
            _clientVersions.Remove(name);
        }

        LastSentVersion = systemVersion;
        LastSentNonce = nonce;
        ResponseDue = false;
    }

    public void RecordAck() => AckedVersion = LastSentVersion;

    public void RecordNack(XdsNack nack) => LastNack = nack;

    public XdsTypeStatus ToStatus() =>
        new(TypeUrl, IsWildcard ? WildcardNames : [.. _names], LastSentVersion, LastSentNonce, AckedVersion, LastNack);

    private void AddIfChanged(CachedResource resource, List<CachedResource> changed)
    {
        if (!_clientVersions.TryGetValue(resource.Name, out var held) || held != resource.Hash)
        {
            changed.Add(resource);
        }
    }
}
