using Mesh.Sdk.Tests.Integration;

namespace Mesh.Sdk.Tests.Security;

/// <summary>mTLS between real mesh services on loopback, driven by a real mesh-cp in each mode.</summary>
public sealed class MtlsModeTests
{
    [Fact]
    public async Task Strict_server_serves_a_mesh_caller_over_mtls_and_refuses_plaintext_but_health_probes()
    {
        await using var mesh = await SecureMesh.StartAsync("strict");
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var caller = MeshApp.Create(Settings(mesh, "basket", await mesh.TokenFileAsync(SecureMesh.Identity("basket"))));
        await server.WaitForCertificateAsync();

        var answer = await caller.GetAsync("http://orders/whoami");
        Assert.Equal(SecureMesh.Identity("basket"), answer);

        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{mesh.Ports["orders"]}") };
        using var refused = await plain.GetAsync("/whoami");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("mTLS required", await refused.Content.ReadAsStringAsync());
        Assert.Contains(server.Log, line => line.StartsWith("6102 ", StringComparison.Ordinal) && line.Contains("GET /whoami", StringComparison.Ordinal) && line.Contains("mTLS is strict", StringComparison.Ordinal));

        using var probe = await plain.GetAsync("/healthz");
        using var postToProbe = await plain.PostAsync("/healthz", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, postToProbe.StatusCode);
    }

    [Fact]
    public async Task Strict_server_holds_a_plaintext_request_that_arrives_before_its_first_config_then_refuses_it()
    {
        await using var mesh = await SecureMesh.StartAsync("strict");
        var xds = new Uri(mesh.XdsUrl);
        await using var slowControlPlane = new GatedRelay(xds.Host, xds.Port);
        var token = await mesh.TokenFileAsync(SecureMesh.Identity("orders"));
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], $"http://127.0.0.1:{slowControlPlane.Port}", token);

        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{mesh.Ports["orders"]}") };
        var early = plain.GetAsync("/whoami");
        var probe = await plain.GetAsync("/healthz");
        await Task.WhenAny(early, Task.Delay(500));

        Assert.Equal(System.Net.HttpStatusCode.OK, probe.StatusCode);
        Assert.False(early.IsCompleted, "a plaintext request was answered before the server knew its mTLS mode");
        slowControlPlane.Open();
        using var refused = await early;
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("mTLS required", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Permissive_server_accepts_plaintext_and_mtls_on_the_same_port()
    {
        await using var mesh = await SecureMesh.StartAsync("permissive");
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var caller = MeshApp.Create(Settings(mesh, "basket", await mesh.TokenFileAsync(SecureMesh.Identity("basket"))));
        await server.WaitForCertificateAsync();

        Assert.Equal(SecureMesh.Identity("basket"), await caller.GetAsync("http://orders/whoami"));

        using var plain = new HttpClient();
        Assert.Equal("plaintext", await plain.GetStringAsync($"http://127.0.0.1:{mesh.Ports["orders"]}/whoami"));
    }

    [Fact]
    public async Task A_hand_built_client_whose_sockets_handler_sits_under_delegating_handlers_still_dials_mtls()
    {
        await using var mesh = await SecureMesh.StartAsync("strict");
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var caller = MeshApp.Create(Settings(mesh, "basket", await mesh.TokenFileAsync(SecureMesh.Identity("basket"))));
        await server.WaitForCertificateAsync();

        using var client = new HttpClient(Mesh.Sdk.Hosting.MeshHttpHandler.Create(caller.Services, new PassThrough { InnerHandler = new SocketsHttpHandler() }));

        Assert.Equal(SecureMesh.Identity("basket"), await client.GetStringAsync("http://orders/whoami"));
    }

    [Fact]
    public async Task A_caller_that_is_no_mesh_service_gets_its_certificate_in_the_upstreams_trust_domain()
    {
        await using var mesh = await SecureMesh.StartAsync("strict");
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var job = MeshApp.Create(Settings(mesh, "nightly-report", await mesh.TokenFileAsync(SecureMesh.Identity("nightly-report"))));
        await server.WaitForCertificateAsync();

        Assert.Equal(SecureMesh.Identity("nightly-report"), await job.GetAsync("http://orders/whoami"));
    }

    [Fact]
    public async Task A_mesh_caller_refuses_a_server_that_is_not_the_identity_the_cluster_expects()
    {
        await using var mesh = await SecureMesh.StartAsync("strict");

        // The endpoint of 'orders' is served by a workload running as 'web': a valid mesh certificate, the wrong identity.
        await using var impostor = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("web")), serviceAccount: "web");
        await impostor.WaitForCertificateAsync();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var caller = MeshApp.Create(
            Settings(mesh, "basket", await mesh.TokenFileAsync(SecureMesh.Identity("basket"))),
            services => services.AddLogging(logging => logging.AddProvider(new SecureServer.QueueLoggerProvider(log))));

        using var response = await caller.Client.GetAsync("http://orders/whoami");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("UF", response.Headers.GetValues("x-mesh-response-flags").Single(), StringComparison.Ordinal);
        Assert.Contains(log, line => line.StartsWith("6104 ", StringComparison.Ordinal) &&
            line.Contains("the peer is spiffe://test.local/ns/default/sa/web, not spiffe://test.local/ns/default/sa/orders as the cluster expects", StringComparison.Ordinal));
    }

    internal static Dictionary<string, string?> Settings(SecureMesh mesh, string service, string tokenFile) => new()
    {
        ["Mesh:ControlPlane"] = mesh.XdsUrl,
        ["Mesh:ServiceName"] = service,
        ["Mesh:TokenFile"] = tokenFile,
        ["Mesh:CacheDirectory"] = Path.Combine(mesh.Root, "cache-" + service + Guid.NewGuid().ToString("N")[..6]),
    };

    private sealed class PassThrough : DelegatingHandler;
}
