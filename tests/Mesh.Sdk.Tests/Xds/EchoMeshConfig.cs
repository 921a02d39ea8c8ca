using System.Globalization;

namespace Mesh.Sdk.Tests.Xds;

/// <summary>Mesh config for service <c>echo</c>: subsets v1 and v2 split by weight, written the way editors save.</summary>
internal static class EchoMeshConfig
{
    public static void Write(string directory, int v1Weight, int v2Weight)
    {
        var text = string.Format(
            CultureInfo.InvariantCulture,
            """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: {{ name: echo }}
            spec:
              ports: [{{ name: http, protocol: http }}]
              subsets:
                - {{ name: v1, labels: {{ version: v1 }} }}
                - {{ name: v2, labels: {{ version: v2 }} }}
              endpoints:
                - {{ address: "127.0.0.1:7001", labels: {{ version: v1 }} }}
                - {{ address: "127.0.0.1:7002", labels: {{ version: v2 }} }}
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: {{ name: echo }}
            spec:
              service: echo
              rules:
                - destinations:
                    - {{ subset: v1, weight: {0} }}
                    - {{ subset: v2, weight: {1} }}

            """,
            v1Weight,
            v2Weight);
        var path = Path.Combine(directory, "echo.yaml");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
