using System.Globalization;

namespace Mesh.Testing;

/// <summary>
/// The interop example config: service <c>echo</c> with subsets v1 and v2 split by weight, written
/// the way editors save so a watching control plane never reads half a file.
/// </summary>
public static class EchoMeshConfig
{
    /// <summary>Writes <c>echo.yaml</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, int v1Port, int v2Port, int v1Weight, int v2Weight)
    {
        var text = string.Format(
            CultureInfo.InvariantCulture,
            """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: {{ name: echo }}
            spec:
              ports: [{{ name: grpc, protocol: grpc }}]
              subsets:
                - {{ name: v1, labels: {{ version: v1 }} }}
                - {{ name: v2, labels: {{ version: v2 }} }}
              endpoints:
                - {{ address: "127.0.0.1:{0}", labels: {{ version: v1 }} }}
                - {{ address: "127.0.0.1:{1}", labels: {{ version: v2 }} }}
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: {{ name: echo }}
            spec:
              service: echo
              rules:
                - destinations:
                    - {{ subset: v1, weight: {2} }}
                    - {{ subset: v2, weight: {3} }}

            """,
            v1Port,
            v2Port,
            v1Weight,
            v2Weight);
        var path = Path.Combine(directory, "echo.yaml");
        WriteAtomically(path, text);
        return path;
    }

    /// <summary>Replaces a file through a rename, as editors do.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
