using Mesh.Testing;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>One real mesh-cp for a test class, on a config directory each test adds its own service files to.</summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    public string ConfigDirectory { get; } = Directory.CreateTempSubdirectory("mesh-sdk-cp-").FullName;

    public string CacheRoot { get; } = Directory.CreateTempSubdirectory("mesh-sdk-cache-").FullName;

    internal ControlPlaneProcess ControlPlane { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ControlPlane = await ControlPlaneProcess.StartAsync(ConfigDirectory);
    }

    public async Task DisposeAsync()
    {
        await ControlPlane.DisposeAsync();
        Directory.Delete(ConfigDirectory, recursive: true);
        Directory.Delete(CacheRoot, recursive: true);
    }

    /// <summary>A new app following this control plane, with a cache directory of its own.</summary>
    internal MeshApp CreateApp() => MeshApp.ForControlPlane(ControlPlane.XdsAddress, Directory.CreateTempSubdirectory().FullName);
}
