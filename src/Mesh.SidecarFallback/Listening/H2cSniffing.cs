using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mesh.SidecarFallback.Listening;

/// <summary>
/// One cleartext port for HTTP/1.1 and HTTP/2 with prior knowledge (h2c, as gRPC clients speak it): the
/// port itself serves HTTP/1.1, and a connection that opens with the HTTP/2 preface is handed to a
/// <see cref="HandoffEndPoint"/> that Kestrel serves as HTTP/2.
/// </summary>
internal static class H2cSniffing
{
    /// <summary>Registers the hand-off transport beside Kestrel's socket transport; repeated calls change nothing.</summary>
    public static IServiceCollection AddH2cSniffing(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, HandoffListenerFactory>());
        return services;
    }

    /// <summary>Listens on <paramref name="endpoint"/> for HTTP/1.1 and h2c; returns the socket's listen options.</summary>
    public static ListenOptions ListenHttp1AndH2c(this KestrelServerOptions kestrel, IPEndPoint endpoint)
    {
        var handoff = new HandoffEndPoint(endpoint.ToString());
        kestrel.Listen(handoff, listen => listen.Protocols = HttpProtocols.Http2);
        ListenOptions? socket = null;
        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => async connection =>
            {
                bool http2;
                try
                {
                    http2 = await H2cPreface.IsHttp2Async(connection.Transport.Input, connection.ConnectionClosed).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Closed before its first bytes arrived (a port probe, a client giving up): nothing to serve.
                    return;
                }

                if (http2)
                {
                    var lent = new HandedOffConnection(connection);
                    if (handoff.Offer(lent))
                    {
                        await lent.Done.ConfigureAwait(false);
                    }

                    return;
                }

                await next(connection).ConfigureAwait(false);
            });
            socket = listen;
        });
        return socket!;
    }
}
