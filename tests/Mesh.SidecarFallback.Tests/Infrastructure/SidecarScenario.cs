using Mesh.Testing;

namespace Mesh.SidecarFallback.Tests.Infrastructure;

/// <summary>
/// One test's mesh: a real mesh-cp on the given config, the Node.js app (service <c>recs</c>) and its sidecar,
/// started in the order a pod starts them and stopped in reverse.
/// </summary>
internal sealed class SidecarScenario : IAsyncDisposable
{
    /// <summary>The MeshService of the node app itself; the sidecar is ready once its config arrives.</summary>
    public const string RecsService = """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: { name: recs }
        spec:
          ports: [{ name: http, port: 8080, protocol: http }]
          endpoints: [{ address: "127.0.0.1:1" }]
        ---

        """;

    private readonly MeshConfigDirectory _config;

    private SidecarScenario(MeshConfigDirectory config, ControlPlaneProcess controlPlane, SidecarProcess sidecar, NodeApp app)
    {
        _config = config;
        ControlPlane = controlPlane;
        Sidecar = sidecar;
        App = app;
    }

    public ControlPlaneProcess ControlPlane { get; }

    public SidecarProcess Sidecar { get; }

    public NodeApp App { get; }

    public static async Task<SidecarScenario> StartAsync(string yaml)
    {
        var config = new MeshConfigDirectory(RecsService + yaml);
        ControlPlaneProcess? controlPlane = null;
        SidecarProcess? sidecar = null;
        try
        {
            controlPlane = await ControlPlaneProcess.StartAsync(config.Path);
            var appPort = ControlPlaneProcess.FreePort();
            sidecar = await SidecarProcess.StartAsync("recs", appPort, controlPlane.XdsAddress);
            await sidecar.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            var app = await NodeApp.StartAsync(sidecar.OutboundPort, appPort);
            return new SidecarScenario(config, controlPlane, sidecar, app);
        }
        catch
        {
            if (sidecar is not null)
            {
                await sidecar.DisposeAsync();
            }

            if (controlPlane is not null)
            {
                await controlPlane.DisposeAsync();
            }

            config.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sidecar.DisposeAsync();
        await ControlPlane.DisposeAsync();
        _config.Dispose();
    }
}
