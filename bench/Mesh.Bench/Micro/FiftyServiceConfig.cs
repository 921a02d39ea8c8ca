using System.Globalization;
using System.Text;
using Mesh.ControlPlane.Configuration;

namespace Mesh.Bench.Micro;

/// <summary>
/// A realistic 50-service mesh loaded through the real YAML loader: two subsets and ten endpoints per
/// service, a header-matched canary rule plus a weighted default rule with timeout and retries, and a
/// destination policy with circuit breaking and outlier detection.
/// </summary>
internal static class FiftyServiceConfig
{
    public const int ServiceCount = 50;

    public static MeshConfig Load()
    {
        var directory = Directory.CreateTempSubdirectory("mesh-bench-micro-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "mesh.yaml"), Render());
            var result = new MeshConfigLoader().Load(directory.FullName, environment: null);
            return result.Config ?? throw new InvalidOperationException(
                $"The generated 50-service config is invalid:\n{string.Join('\n', result.Errors)}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Render()
    {
        var yaml = new StringBuilder();
        yaml.Append("""
            apiVersion: mesh.dev/v1alpha1
            kind: Mesh
            metadata: { name: default }
            spec:
              trustDomain: bench.local
              mtls: off
              defaults: { timeout: 15s, retries: { attempts: 2, retryOn: [connect-failure, reset] } }

            """);
        for (var s = 0; s < ServiceCount; s++)
        {
            AppendService(yaml, s);
        }

        return yaml.ToString();
    }

    private static void AppendService(StringBuilder yaml, int index)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"svc{index:D2}");
        yaml.Append(CultureInfo.InvariantCulture, $$"""
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: {{name}} }
            spec:
              ports: [{ name: http, port: 8080, protocol: http }]
              subsets:
                - { name: v1, labels: { version: v1 } }
                - { name: v2, labels: { version: v2 } }
              endpoints:

            """);
        for (var e = 0; e < 10; e++)
        {
            var version = e < 8 ? "v1" : "v2";
            var zone = e % 2 == 0 ? "us-east-1a" : "us-east-1b";
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                    - { address: "10.{{index}}.0.{{e + 1}}:8080", labels: { version: {{version}} }, locality: { region: us-east-1, zone: {{zone}} }, weight: 1 }

                """);
        }

        yaml.Append(CultureInfo.InvariantCulture, $$"""
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: {{name}} }
            spec:
              service: {{name}}
              rules:
                - match: { path: { prefix: /api/ }, headers: { x-canary: { exact: "on" } } }
                  destinations: [{ subset: v2, weight: 100 }]
                - destinations:
                    - { subset: v1, weight: 90 }
                    - { subset: v2, weight: 10 }
                  timeout: 2s
                  retries: { attempts: 3, perTryTimeout: 500ms, retryOn: [5xx, reset, connect-failure], budgetPercent: 20 }
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata: { name: {{name}} }
            spec:
              service: {{name}}
              loadBalancer: least_request
              circuitBreaker: { maxConnections: 100, maxPendingRequests: 50, maxRequests: 100, maxRetries: 3 }
              outlierDetection: { consecutive5xx: 5, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50 }

            """);
    }
}
