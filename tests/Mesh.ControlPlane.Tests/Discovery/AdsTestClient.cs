using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>Plays an xDS client on an in-memory ADS call: sends node on the first request only, like real clients.</summary>
internal sealed class AdsTestClient : IDisposable
{
    private const string ProbeTypeUrl = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

    private readonly Node _node;
    private bool _sentNode;
    private int _probes;

    public AdsTestClient(InMemoryAdsStream stream, Task call, Node node)
    {
        Stream = stream;
        Call = call;
        _node = node;
    }

    public InMemoryAdsStream Stream { get; }

    /// <summary>The server's handler for this call; completes when the server ends it.</summary>
    public Task Call { get; }

    public async Task SendAsync(DiscoveryRequest request)
    {
        if (!_sentNode)
        {
            request.Node ??= _node;
            _sentNode = true;
        }

        await Stream.SendAsync(request);
    }

    /// <summary>Sends a fresh subscription (no nonce) and returns the response to it.</summary>
    public async Task<DiscoveryResponse> SubscribeAsync(string typeUrl, params string[] names)
    {
        await SendAsync(Request(typeUrl, names));
        return await ReadAsync();
    }

    /// <summary>ACKs <paramref name="response"/>, optionally changing the names subscribed.</summary>
    public Task AckAsync(DiscoveryResponse response, params string[] names)
    {
        var request = Request(response.TypeUrl, names);
        request.VersionInfo = response.VersionInfo;
        request.ResponseNonce = response.Nonce;
        return SendAsync(request);
    }

    /// <summary>NACKs <paramref name="response"/>, reporting <paramref name="acceptedVersion"/> as the version kept.</summary>
    public Task NackAsync(DiscoveryResponse response, string acceptedVersion, string error, params string[] names)
    {
        var request = Request(response.TypeUrl, names);
        request.VersionInfo = acceptedVersion;
        request.ResponseNonce = response.Nonce;
        request.ErrorDetail = new Google.Rpc.Status { Code = 3, Message = error };
        return SendAsync(request);
    }

    public Task<DiscoveryResponse> ReadAsync() => Stream.ReadAsync();

    /// <summary>
    /// Proves nothing was sent since the last read: the server answers in order, so a probe's answer
    /// must be the next response.
    /// </summary>
    public async Task ExpectNoResponseAsync()
    {
        _probes++;
        await SendAsync(Request(ProbeTypeUrl, [$"probe-{_probes}"]));
        var next = await ReadAsync();
        Assert.Equal(ProbeTypeUrl, next.TypeUrl);
    }

    public static IReadOnlyList<string> Contents(DiscoveryResponse response) =>
        [.. response.Resources.Select(any => any.Unpack<StringValue>().Value)];

    public void Dispose() => Stream.Dispose();

    private static DiscoveryRequest Request(string typeUrl, string[] names)
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl };
        request.ResourceNames.Add(names);
        return request;
    }
}
