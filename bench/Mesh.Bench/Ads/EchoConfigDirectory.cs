using System.Globalization;
using System.Text;

namespace Mesh.Bench.Ads;

/// <summary>
/// A temporary mesh-cp config directory holding service <c>echo</c>: subsets v1 and v2 with ten
/// loopback endpoints each, a weighted TrafficRoute and a DestinationPolicy. The endpoints need not
/// listen: the bench only measures config distribution.
/// </summary>
internal sealed class EchoConfigDirectory : IDisposable
{
    private const int EndpointsPerSubset = 10;
    private const int FirstPort = 20_001;

    private readonly string _root;

    public EchoConfigDirectory()
    {
        _root = Directory.CreateTempSubdirectory("mesh-bench-").FullName;
        ConfigPath = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName;
    }

    /// <summary>The directory to pass to <c>--config-dir</c>.</summary>
    public string ConfigPath { get; }

    /// <summary>
    /// Replaces <c>echo.yaml</c> with a v1/v2 split by rename, so mesh-cp's watcher never sees half a
    /// file; the temporary file lives outside the watched directory so it causes no event of its own.
    /// </summary>
    public void WriteSplit(int v1Weight, int v2Weight)
    {
        var temporary = Path.Combine(_root, "echo.yaml.tmp");
        File.WriteAllText(temporary, Render(v1Weight, v2Weight));
        File.Move(temporary, Path.Combine(ConfigPath, "echo.yaml"), overwrite: true);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Render(int v1Weight, int v2Weight)
    {
        var yaml = new StringBuilder();
        yaml.Append("""
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: echo }
            spec:
              ports: [{ name: grpc, protocol: grpc }]
              subsets:
                - { name: v1, labels: { version: v1 } }
                - { name: v2, labels: { version: v2 } }
              endpoints:

            """);
        var port = FirstPort;
        foreach (var version in (string[])["v1", "v2"])
        {
            for (var i = 0; i < EndpointsPerSubset; i++, port++)
            {
                var zone = i % 2 == 0 ? "local-a" : "local-b";
                yaml.Append(CultureInfo.InvariantCulture, $"    - {{ address: \"127.0.0.1:{port}\", labels: {{ version: {version} }}, locality: {{ region: local, zone: {zone} }} }}\n");
            }
        }

        yaml.Append(CultureInfo.InvariantCulture, $$"""
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: echo }
            spec:
              service: echo
              rules:
                - destinations:
                    - { subset: v1, weight: {{v1Weight}} }
                    - { subset: v2, weight: {{v2Weight}} }
                  timeout: 2s
                  retries: { attempts: 2, retryOn: [unavailable] }
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata: { name: echo }
            spec:
              service: echo
              loadBalancer: round_robin
              circuitBreaker: { maxConnections: 100, maxPendingRequests: 50, maxRequests: 100, maxRetries: 3 }
              outlierDetection: { consecutive5xx: 5, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50 }

            """);
        return yaml.ToString();
    }
}
