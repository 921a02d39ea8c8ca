using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Mesh.SidecarFallback.Listening;

/// <summary>Kestrel's transport for <see cref="HandoffEndPoint"/>s; every other endpoint stays with the socket transport.</summary>
internal sealed class HandoffListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is HandoffEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new(new Listener((HandoffEndPoint)endpoint));

    private sealed class Listener(HandoffEndPoint endpoint) : IConnectionListener
    {
        public EndPoint EndPoint => endpoint;

        public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) => endpoint.AcceptAsync(cancellationToken);

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            endpoint.Close();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            endpoint.Close();
            return ValueTask.CompletedTask;
        }
    }
}
