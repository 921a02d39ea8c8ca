namespace Mesh.Xds.Tests.Interop;

/// <summary>Finds the repository (the folder holding Mesh.slnx) from the test binaries.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Interop => Path.Combine(Root, "tests", "interop");

    /// <summary>Fails with the fix spelled out when the interop scripts' npm packages are not installed.</summary>
    public static void EnsureNodeModules()
    {
        var grpcJs = Path.Combine(Interop, "node_modules", "@grpc", "grpc-js");
        if (!Directory.Exists(grpcJs))
        {
            throw new InvalidOperationException(
                $"{grpcJs} is missing: run npm ci in tests/interop ({Interop}) before the interop tests.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Mesh.slnx above {AppContext.BaseDirectory}; tests must run from inside the repository.");
    }
}
