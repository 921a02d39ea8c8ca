namespace Mesh.Testing;

/// <summary>Paths inside the repository, found by walking up from the test binaries to <c>Mesh.slnx</c>.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The folder of the node peers used by interop tests.</summary>
    public static string Interop => Path.Combine(Root, "tests", "interop");

    /// <summary>Fails with what to run when the node peers' packages are not installed.</summary>
    public static string RequireInteropPackages()
    {
        var modules = Path.Combine(Interop, "node_modules", "@grpc", "grpc-js-xds");
        if (!Directory.Exists(modules))
        {
            throw new InvalidOperationException($"The node peers are not installed: run 'npm ci --prefix {Interop}' (or bash .ci/run).");
        }

        return Interop;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mesh.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Mesh.slnx above {AppContext.BaseDirectory}.");
    }
}
