namespace Mesh.Sdk.Tests.Integration;

/// <summary>Mesh config YAML written into a control plane's directory the way editors save: whole files, atomically.</summary>
internal static class MeshConfigFiles
{
    public const string Header = "apiVersion: mesh.dev/v1alpha1\n";

    public static void Write(string directory, string fileName, string yaml)
    {
        var path = Path.Combine(directory, fileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, yaml);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A MeshService whose endpoints are labelled with a version: <c>(address, "v1")</c>.</summary>
    public static string Service(string name, params (string Address, string Version)[] endpoints)
    {
        var lines = string.Join("\n", endpoints.Select(e => $"    - {{ address: \"{e.Address}\", labels: {{ version: {e.Version} }} }}"));
        return $$"""
            {{Header}}kind: MeshService
            metadata: { name: {{name}} }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              subsets:
                - { name: v1, labels: { version: v1 } }
                - { name: v2, labels: { version: v2 } }
              endpoints:
            {{lines}}

            """;
    }

    /// <summary>A TrafficRoute for <paramref name="service"/> with the given rules block (indented YAML list).</summary>
    public static string Route(string service, string rules) => $$"""
        ---
        {{Header}}kind: TrafficRoute
        metadata: { name: {{service}} }
        spec:
          service: {{service}}
          rules:
        {{rules}}

        """;

    /// <summary>A DestinationPolicy choosing <paramref name="loadBalancer"/> for every subset of <paramref name="service"/>.</summary>
    public static string Policy(string service, string loadBalancer) => $$"""
        ---
        {{Header}}kind: DestinationPolicy
        metadata: { name: {{service}} }
        spec:
          service: {{service}}
          loadBalancer: {{loadBalancer}}

        """;
}
