using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Mesh.SidecarFallback.Listening;

/// <summary>
/// An endpoint with no socket of its own: Kestrel serves it HTTP/2 only, and its connections are the h2c ones
/// <see cref="H2cSniffing"/> hands over from the real port. Kestrel turns HTTP/2 off on a cleartext port that
/// also speaks HTTP/1.1, so one port serving both needs this second, HTTP/2-only endpoint behind it.
/// </summary>
internal sealed class HandoffEndPoint : EndPoint
{
    private readonly Channel<ConnectionContext> _connections = Channel.CreateUnbounded<ConnectionContext>(
        new UnboundedChannelOptions { SingleReader = true });

    public HandoffEndPoint(string name)
    {
        Name = name;
    }

    /// <summary>The port this endpoint serves the HTTP/2 connections of, for logs.</summary>
    public string Name { get; }

    /// <summary>Queues a connection for Kestrel to accept on this endpoint; false once unbound.</summary>
    public bool Offer(ConnectionContext connection) => _connections.Writer.TryWrite(connection);

    /// <summary>The next handed-over connection, or null once the endpoint is unbound.</summary>
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _connections.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Stops accepting: Kestrel is unbinding.</summary>
    public void Close() => _connections.Writer.TryComplete();

    public override string ToString() => "h2c:" + Name;
}
