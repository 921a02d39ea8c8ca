namespace Mesh.Sdk.Tests.Xds;

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("mesh-sdk-xds-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process killed mid-test may still hold a file; the OS cleans the temp folder.
        }
    }
}
