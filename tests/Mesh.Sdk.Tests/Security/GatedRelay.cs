using System.Net;
using System.Net.Sockets;

namespace Mesh.Sdk.Tests.Security;

/// <summary>
/// A TCP relay on loopback that accepts connections at once but carries no byte to its target until
/// <see cref="Open"/>: a control plane that is slow to answer, for the window before a workload's first config.
/// </summary>
internal sealed class GatedRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public GatedRelay(string targetHost, int targetPort)
    {
        _listener.Start();
        _accepting = AcceptAsync(targetHost, targetPort);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Open() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync(string targetHost, int targetPort)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client, targetHost, targetPort);
        }
    }

    private async Task RelayAsync(TcpClient client, string targetHost, int targetPort)
    {
        using (client)
        {
            try
            {
                await _gate.Task.WaitAsync(_stop.Token);
                using var target = new TcpClient();
                await target.ConnectAsync(targetHost, targetPort, _stop.Token);
                var down = client.GetStream();
                var up = target.GetStream();
                await Task.WhenAny(down.CopyToAsync(up, _stop.Token), up.CopyToAsync(down, _stop.Token));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // Either side went away, or the relay is stopping.
            }
        }
    }
}
