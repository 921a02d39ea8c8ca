using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mesh.SidecarFallback.Tests.Infrastructure;
using Mesh.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.SidecarFallback.Tests.Security;

/// <summary>Under strict mTLS the sidecar gives the Node.js app a mesh identity, both ways.</summary>
public sealed class MtlsTests
{
    private const string TrustDomain = "test.local";

    [Fact]
    public async Task Node_app_and_dotnet_service_call_each_other_over_mtls_and_plaintext_inbound_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("mesh-sidecar-mtls-").FullName;
        var ordersPort = ControlPlaneProcess.FreePort();
        var inboundPort = ControlPlaneProcess.FreePort();
        var appPort = ControlPlaneProcess.FreePort();
        using var config = new MeshConfigDirectory(string.Format(
            CultureInfo.InvariantCulture,
            """
            apiVersion: mesh.dev/v1alpha1
            kind: Mesh
            metadata: {{ name: default }}
            spec: {{ trustDomain: {0}, mtls: strict }}
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: {{ name: orders }}
            spec:
              ports: [{{ name: http, port: 80, protocol: http }}]
              endpoints: [{{ address: "127.0.0.1:{1}" }}]
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: {{ name: recs }}
            spec:
              ports: [{{ name: http, port: 80, protocol: http }}]
              endpoints: [{{ address: "127.0.0.1:{2}" }}]
            """,
            TrustDomain,
            ordersPort,
            inboundPort));
        try
        {
            await using var controlPlane = await ControlPlaneProcess.StartAsync(config.Path, extraArguments: ["--auth", "required", "--data-dir", Path.Combine(root, "data")]);
            var adminToken = (await File.ReadAllTextAsync(Path.Combine(controlPlane.DataDirectory, "admin.token"))).Trim();
            controlPlane.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            var xds = "http://" + controlPlane.XdsAddress;

            await using var orders = await MeshDotnetService.StartAsync("orders", ordersPort, xds, await TokenFileAsync(controlPlane, root, "orders"));
            await using var sidecar = await StartSidecarAsync(controlPlane.XdsAddress, appPort, inboundPort, await TokenFileAsync(controlPlane, root, "recs"));
            await sidecar.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            await using var app = await NodeApp.StartAsync(sidecar.OutboundPort, appPort);

            var tally = await app.CallThroughSidecarAsync("orders", "/api/orders", 5, concurrency: 1);
            Assert.True(
                tally.GetProperty("bodies").TryGetProperty($"spiffe://{TrustDomain}/ns/default/sa/recs", out var asRecs) && asRecs.GetInt32() == 5,
                tally.ToString());

            using var http = new HttpClient();
            using var plaintext = await http.GetAsync($"http://127.0.0.1:{inboundPort}/hello");
            Assert.Equal(403, (int)plaintext.StatusCode);

            // A .NET mesh client reaches the node app over mTLS through the sidecar's inbound port.
            await using var caller = MeshClient(xds, await TokenFileAsync(controlPlane, root, "orders"), Path.Combine(root, "caller-cache"));
            var client = caller.GetRequiredService<IHttpClientFactory>().CreateClient();
            var hello = JsonDocument.Parse(await client.GetStringAsync("http://recs/hello")).RootElement;
            Assert.Equal("node", hello.GetProperty("app").GetString());
            Assert.Equal("recs", hello.GetProperty("host").GetString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ServiceProvider MeshClient(string controlPlane, string tokenFile, string cacheDirectory)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = controlPlane,
            ["Mesh:ServiceName"] = "orders",
            ["Mesh:TokenFile"] = tokenFile,
            ["Mesh:CacheDirectory"] = cacheDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMeshClient();
        return services.BuildServiceProvider();
    }

    private static async Task<SidecarProcess> StartSidecarAsync(string xdsAddress, int appPort, int inboundPort, string tokenFile)
    {
        var culture = CultureInfo.InvariantCulture;
        return await SidecarProcess.StartAsync("recs", appPort, xdsAddress, extraArguments: ["--inbound-port", inboundPort.ToString(culture), "--token-file", tokenFile]);
    }

    private static async Task<string> TokenFileAsync(ControlPlaneProcess controlPlane, string root, string service)
    {
        using var response = await controlPlane.Admin.PostAsJsonAsync("tokens", new { identity = $"spiffe://{TrustDomain}/ns/default/sa/{service}", ttl = "1h" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var path = Path.Combine(root, "token-" + service);
        await File.WriteAllTextAsync(path, body.GetProperty("token").GetString());
        return path;
    }
}
