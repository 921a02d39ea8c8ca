using System.Net.Http.Headers;
using System.Text.Json;
using Mesh.Sdk.Tests.Integration;
using Mesh.Testing;

namespace Mesh.Sdk.Tests.Security;

/// <summary>
/// A real mesh-cp with authentication on and its CA under a temporary data directory, serving a mesh of
/// services <c>orders</c> (the server under test), <c>basket</c> and <c>web</c> on fixed loopback ports, in one
/// mTLS mode, plus any extra YAML (access policies). Mints a workload token per service through the admin API.
/// </summary>
internal sealed class SecureMesh : IAsyncDisposable
{
    public const string TrustDomain = "test.local";

    private SecureMesh(ControlPlaneProcess controlPlane, string root, string configDirectory, Dictionary<string, int> ports)
    {
        ControlPlane = controlPlane;
        Root = root;
        ConfigDirectory = configDirectory;
        Ports = ports;
        AdminToken = File.ReadAllText(Path.Combine(controlPlane.DataDirectory, "admin.token")).Trim();
        controlPlane.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public ControlPlaneProcess ControlPlane { get; }

    public string Root { get; }

    public string ConfigDirectory { get; }

    public string AdminToken { get; }

    /// <summary>The port each service's one endpoint listens on.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public string XdsUrl => $"http://{ControlPlane.XdsAddress}";

    public static async Task<SecureMesh> StartAsync(string mtls, string extraYaml = "", IEnumerable<string>? extraArguments = null)
    {
        var root = Directory.CreateTempSubdirectory("mesh-secure-").FullName;
        var config = Path.Combine(root, "config");
        Directory.CreateDirectory(config);
        var ports = new Dictionary<string, int>
        {
            ["orders"] = ControlPlaneProcess.FreePort(),
            ["basket"] = ControlPlaneProcess.FreePort(),
            ["web"] = ControlPlaneProcess.FreePort(),
        };
        MeshConfigFiles.Write(config, "mesh.yaml", Config(mtls, ports, extraYaml));
        var controlPlane = await ControlPlaneProcess.StartAsync(
            config,
            extraArguments: ["--auth", "required", "--data-dir", Path.Combine(root, "data"), .. extraArguments ?? []]);
        return new SecureMesh(controlPlane, root, config, ports);
    }

    public static string Config(string mtls, IReadOnlyDictionary<string, int> ports, string extraYaml)
    {
        var services = string.Concat(ports.Select(pair => $$"""
            ---
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: {{pair.Key}} }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints:
                - { address: "127.0.0.1:{{pair.Value}}" }

            """));
        return $$"""
            {{MeshConfigFiles.Header}}kind: Mesh
            metadata: { name: default }
            spec: { trustDomain: {{TrustDomain}}, mtls: {{mtls}} }

            """ + services + extraYaml;
    }

    /// <summary>Rewrites the config with another mode; mesh-cp pushes it to every client.</summary>
    public void SetMode(string mtls, string extraYaml = "") => MeshConfigFiles.Write(ConfigDirectory, "mesh.yaml", Config(mtls, Ports, extraYaml));

    public static string Identity(string service) => $"spiffe://{TrustDomain}/ns/default/sa/{service}";

    /// <summary>A token for <paramref name="identity"/> from the admin API, written to a file for <c>Mesh:TokenFile</c>.</summary>
    public async Task<string> TokenFileAsync(string identity, string ttl = "1h")
    {
        using var response = await ControlPlane.Admin.PostAsJsonAsync("tokens", new { identity, ttl });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var path = Path.Combine(Root, $"token-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, body.GetProperty("token").GetString());
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await ControlPlane.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
