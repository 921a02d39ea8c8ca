using System.Net;
using Mesh.Sdk.Tests.Integration;

namespace Mesh.Sdk.Tests.Security;

/// <summary>AccessPolicy enforced by <c>UseMesh()</c> on a real strict-mTLS server, with callers identified by their certificates.</summary>
public sealed class AccessPolicyTests
{
    private const string Policies = """
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: AccessPolicy
        metadata: { name: orders-callers }
        spec:
          service: orders
          action: allow
          from: [{ service: basket }]
          to: [{ methods: [POST], paths: ["/api/orders", "/api/orders/*"] }]
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: AccessPolicy
        metadata: { name: orders-admin-closed }
        spec:
          service: orders
          action: deny
          from: [{ identity: "spiffe://test.local/ns/default/sa/basket" }]
          to: [{ paths: ["/api/orders/admin/*"] }]

        """;

    [Fact]
    public async Task Only_the_allowed_caller_method_and_path_pass_deny_wins_and_the_server_logs_who_and_why()
    {
        await using var mesh = await SecureMesh.StartAsync("strict", Policies);
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var basket = MeshApp.Create(MtlsModeTests.Settings(mesh, "basket", await mesh.TokenFileAsync(SecureMesh.Identity("basket"))));
        await using var web = MeshApp.Create(MtlsModeTests.Settings(mesh, "web", await mesh.TokenFileAsync(SecureMesh.Identity("web"))));
        await server.WaitForCertificateAsync();

        using (var allowed = await basket.Client.PostAsync("http://orders/api/orders/42", null))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(SecureMesh.Identity("basket"), await allowed.Content.ReadAsStringAsync());
        }

        using (var otherCaller = await web.Client.PostAsync("http://orders/api/orders", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherCaller.StatusCode);
        }

        Assert.Contains(server.Log, line => line.StartsWith("6150 AccessDenied", StringComparison.Ordinal) &&
            line.Contains(SecureMesh.Identity("web"), StringComparison.Ordinal) &&
            line.Contains("POST /api/orders", StringComparison.Ordinal) &&
            line.Contains("no AccessPolicy allows it", StringComparison.Ordinal));

        using (var otherMethod = await basket.Client.GetAsync("http://orders/api/orders"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherMethod.StatusCode);
        }

        using (var denied = await basket.Client.PostAsync("http://orders/api/orders/admin/reset", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        // Health probes pass whatever the policies say: an orchestrator has no mesh identity.
        using (var probe = await web.Client.GetAsync("http://orders/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }

        Assert.Contains(server.Log, line => line.StartsWith("6150 AccessDenied", StringComparison.Ordinal) &&
            line.Contains(SecureMesh.Identity("basket"), StringComparison.Ordinal) &&
            line.Contains("denied by AccessPolicy default/orders-admin-closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allow_rule_with_headers_admits_only_calls_carrying_them()
    {
        const string headerPolicy = """
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: AccessPolicy
            metadata: { name: orders-tenants }
            spec:
              service: orders
              action: allow
              from: [{ service: web }]
              to: [{ methods: [GET], headers: { x-tenant: { exact: acme }, x-debug: { present: false } } }]

            """;
        await using var mesh = await SecureMesh.StartAsync("strict", headerPolicy);
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var web = MeshApp.Create(MtlsModeTests.Settings(mesh, "web", await mesh.TokenFileAsync(SecureMesh.Identity("web"))));
        await server.WaitForCertificateAsync();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(web, ("x-tenant", "acme")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(web));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(web, ("x-tenant", "other")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(web, ("x-tenant", "acme"), ("x-debug", "1")));
    }

    [Fact]
    public async Task A_refused_grpc_call_gets_permission_denied()
    {
        await using var mesh = await SecureMesh.StartAsync("strict", Policies);
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await using var web = MeshApp.Create(MtlsModeTests.Settings(mesh, "web", await mesh.TokenFileAsync(SecureMesh.Identity("web"))));
        await server.WaitForCertificateAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "http://orders/echo.Echo/Say")
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using var response = await web.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("grpc-status").Single());
    }

    private static async Task<HttpStatusCode> StatusAsync(MeshApp caller, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://orders/api/orders");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await caller.Client.SendAsync(request);
        return response.StatusCode;
    }
}
