namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>Small YAML fragments shared by the loader tests; each test writes the rest literally.</summary>
internal static class Yaml
{
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

    public const string Interop = """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: { name: echo }
        spec:
          ports: [{ name: grpc, protocol: grpc }]
          subsets:
            - { name: v1, labels: { version: v1 } }
            - { name: v2, labels: { version: v2 } }
          endpoints:
            - { address: "127.0.0.1:50051", labels: { version: v1 } }
            - { address: "127.0.0.1:50052", labels: { version: v2 } }
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: { name: echo }
        spec:
          service: echo
          rules:
            - destinations:
                - { subset: v1, weight: 80 }
                - { subset: v2, weight: 20 }
        """;
}
