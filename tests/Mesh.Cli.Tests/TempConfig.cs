namespace Mesh.Cli.Tests;

/// <summary>A config directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempConfig : IDisposable
{
    /// <summary>A valid catalog service with subsets v1 and v2 and a route splitting between them.</summary>
    public const string Catalog = """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: { name: catalog }
        spec:
          ports: [{ name: http, port: 8080, protocol: http }]
          subsets:
            - { name: v1, labels: { version: v1 } }
            - { name: v2, labels: { version: v2 } }
          endpoints:
            - { address: "127.0.0.1:5101", labels: { version: v1 } }
            - { address: "127.0.0.1:5102", labels: { version: v2 } }

        """;

    public TempConfig()
    {
        Path = Directory.CreateTempSubdirectory("mesh-cli-").FullName;
    }

    public string Path { get; }

    /// <summary>A TrafficRoute for catalog whose single rule's body is <paramref name="rule"/> (indented under "- ").</summary>
    public static string Route(string rule) => $$"""
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: { name: catalog }
        spec:
          service: catalog
          rules:
            - {{rule}}

        """;

    public TempConfig Write(string relativePath, string text)
    {
        var path = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
