using Microsoft.Extensions.Hosting;

namespace Mesh.Sdk.Hosting;

/// <summary>Connects to the control plane as the host starts, so most services' config is in before the first call.</summary>
internal sealed class MeshClientStartup(MeshRouter router) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => router.StartAsync().WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
