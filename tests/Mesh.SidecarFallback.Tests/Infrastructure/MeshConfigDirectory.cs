namespace Mesh.SidecarFallback.Tests.Infrastructure;

/// <summary>A temporary mesh config directory for one test's control plane, deleted on dispose.</summary>
internal sealed class MeshConfigDirectory : IDisposable
{
    public MeshConfigDirectory(string yaml)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mesh-sidecar-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "mesh.yaml"), yaml);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
