using System.Runtime.InteropServices;

namespace Mesh.ControlPlane.Identity;

/// <summary>Writes key material readable by its owner only (mode 0600 in a 0700 directory).</summary>
internal static class SecretFiles
{
    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes <paramref name="text"/> to a new file first and renames it, so a reader never sees half a key.</summary>
    public static void WriteSecret(string path, string text) => Write(path, text, secret: true);

    /// <summary>Writes a file anyone may read, such as a certificate.</summary>
    public static void WritePublic(string path, string text) => Write(path, text, secret: false);

    private static void Write(string path, string text, bool secret)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>True when the file is readable by others than its owner, which a key file must not be.</summary>
    public static bool IsExposed(string path) =>
        !OperatingSystem.IsWindows() && RuntimeInformation.IsOSPlatform(OSPlatform.Linux) &&
        (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
}
