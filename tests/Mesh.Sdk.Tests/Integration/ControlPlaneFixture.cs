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

    /// <summary>Writes a config file and waits until the control plane serves the resulting version.</summary>
    internal async Task ApplyAsync(string fileName, string yaml)
    {
        var before = (await ControlPlane.GetJsonAsync("config")).GetProperty("version").ToString();
        MeshConfigFiles.Write(ConfigDirectory, fileName, yaml);
        await ControlPlane.WaitForAdminAsync("config", c => c.GetProperty("version").ToString() != before, TimeSpan.FromSeconds(10));
    }

    /// <summary>A new app following this control plane, with a cache directory of its own.</summary>
    internal MeshApp CreateApp() => MeshApp.ForControlPlane(ControlPlane.XdsAddress, Directory.CreateTempSubdirectory().FullName);
}
