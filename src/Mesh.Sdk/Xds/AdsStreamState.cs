using System.Collections.Immutable;
using System.Threading.Channels;
using Envoy.Service.Discovery.V3;

namespace Mesh.Sdk.Xds;

/// <summary>
/// What the client knows about one ADS stream: the last nonce and the names last requested per kind, whether
/// the node was sent, and the queue of requests its writer sends in order. Guarded by the client's lock.
/// </summary>
internal sealed class AdsStreamState
{
    private readonly string[] _nonces = new string[XdsTypeUrls.Kinds.Count];
    private readonly ImmutableSortedSet<string>?[] _requested = new ImmutableSortedSet<string>?[XdsTypeUrls.Kinds.Count];

    public AdsStreamState(ChannelWriter<DiscoveryRequest> outbound)
    {
        Outbound = outbound;
        Array.Fill(_nonces, string.Empty);
    }

    /// <summary>The requests waiting for the stream's writer.</summary>
    public ChannelWriter<DiscoveryRequest> Outbound { get; }

    /// <summary>True once the node went out: it is sent on the first request of a stream only.</summary>
    public bool NodeSent { get; set; }

    /// <summary>True once the control plane answered on this stream, which resets the reconnect backoff.</summary>
    public bool ReceivedResponse { get; set; }

    /// <summary>The error that stopped the writer, if it failed first.</summary>
    public Exception? WriteFailure { get; set; }

    /// <summary>
    /// Listener requests with new names not yet answered. A listener response cannot prove a listener missing
    /// while this is above zero: it may answer an earlier request that did not name it.
    /// </summary>
    public int UnansweredListenerRequests { get; set; }

    public string Nonce(XdsResourceKind kind) => _nonces[(int)kind];

    public void SetNonce(XdsResourceKind kind, string nonce) => _nonces[(int)kind] = nonce;

    /// <summary>The names last requested for a kind on this stream; null before the first request.</summary>
    public ImmutableSortedSet<string>? Requested(XdsResourceKind kind) => _requested[(int)kind];

    public void SetRequested(XdsResourceKind kind, ImmutableSortedSet<string> names) => _requested[(int)kind] = names;
}
