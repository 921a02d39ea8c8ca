using Mesh.ControlPlane.Identity;

namespace Mesh.ControlPlane.Hosting;

/// <summary><c>--data-dir</c>, or a private temporary directory that is removed when mesh-cp exits.</summary>
internal sealed class DataDirectory : IDisposable
{
    private readonly bool _temporary;

    private DataDirectory(string path, bool temporary)
    {
        Path = path;
        _temporary = temporary;
    }

    public string Path { get; }

    public static DataDirectory Open(string? path)
    {
        if (path is not null)
        {
            SecretFiles.EnsureDirectory(path);
            return new DataDirectory(path, temporary: false);
        }

        var created = Directory.CreateTempSubdirectory("mesh-cp-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(created.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new DataDirectory(created.FullName, temporary: true);
    }

    public void Dispose()
    {
        if (_temporary)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Another process holding a file open must not stop mesh-cp from exiting.
            }
        }
    }
}
