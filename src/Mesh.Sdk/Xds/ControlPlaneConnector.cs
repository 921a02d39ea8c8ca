using System.Net;
using System.Net.Sockets;

namespace Mesh.Sdk.Xds;

/// <summary>
/// Opens the TCP connection to one control-plane address. A name may resolve to several replicas (a
/// headless Kubernetes Service does): every address is tried in turn, and the one whose stream last
/// failed is tried last, so a client whose replica died moves to another instead of waiting on it.
/// </summary>
internal sealed class ControlPlaneConnector(Func<string, CancellationToken, Task<IPAddress[]>> resolve, TimeSpan perAddressTimeout)
{
    private volatile IPAddress? _connected;
    private volatile IPAddress? _avoid;

    /// <summary>The address of the last connection opened, if any.</summary>
    public IPAddress? Connected => _connected;

    /// <summary>Called when a stream over the current connection failed: the next connection prefers any other address.</summary>
    public void AvoidCurrent() => _avoid = _connected;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await resolve(endpoint.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"{endpoint.Host} resolved to no address");
        }

        var avoid = _avoid;
        var ordered = addresses.Where(a => !a.Equals(avoid)).Concat(addresses.Where(a => a.Equals(avoid))).ToArray();
        Exception? last = null;
        foreach (var address in ordered)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(perAddressTimeout);
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), timeout.Token).ConfigureAwait(false);
                _connected = address;
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception exception) when (exception is SocketException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
                last = exception;
            }
        }

        throw new HttpRequestException($"could not connect to any of the {ordered.Length} address(es) of {endpoint.Host}:{endpoint.Port} ({last?.Message})", last);
    }
}
