using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Identity;

/// <summary>mesh-cp with <c>--auth required</c>, as a real process: who may call the CA, xDS and the admin API.</summary>
public sealed class CallerAuthenticationTests : IAsyncLifetime
{
    private SecureControlPlane _controlPlane = null!;

    public async Task InitializeAsync() => _controlPlane = await SecureControlPlane.StartAsync();

    public async Task DisposeAsync() => await _controlPlane.DisposeAsync();

    [Fact]
    public async Task The_ca_refuses_a_csr_without_credentials()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/basket", token: null));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task The_ca_refuses_a_forged_token()
    {
        var forged = (await _controlPlane.TokenAsync("spiffe://shop.local/ns/default/sa/basket"))[..^4] + "AAAA";

        var refused = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/basket", forged));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task The_ca_signs_the_identity_a_token_grants_and_refuses_any_other()
    {
        var token = await _controlPlane.TokenAsync("spiffe://shop.local/ns/default/sa/basket");

        var signed = await _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/basket", token);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/ordering", token));

        using var certificate = X509Certificate2.CreateFromPem(signed.CertChain[0]);
        Assert.Single(signed.TrustBundle);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("grant only spiffe://shop.local/ns/default/sa/basket", refused.Status.Detail, StringComparison.Ordinal);
        await _controlPlane.Process.Process.WaitForLineAsync(line => line.Contains("certificate refused", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Xds_refuses_a_stream_without_credentials_and_serves_one_with_a_workload_token()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.FirstListenerResponseAsync(token: null));
        var served = await _controlPlane.FirstListenerResponseAsync(await _controlPlane.TokenAsync("spiffe://shop.local/ns/default/sa/basket"));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Single(served.Resources);
    }

    [Fact]
    public async Task Revoking_a_workload_token_closes_the_xds_stream_open_on_it_and_refuses_its_reconnect()
    {
        var token = await _controlPlane.TokenAsync("spiffe://shop.local/ns/default/sa/basket");
        var other = await _controlPlane.TokenAsync("spiffe://shop.local/ns/default/sa/basket");
        using var revokedStream = await _controlPlane.OpenListenerStreamAsync(token);
        using var otherStream = await _controlPlane.OpenListenerStreamAsync(other);

        await _controlPlane.RevokeAsync(token);

        Assert.True(await SecureControlPlane.EndsWithinAsync(revokedStream, TimeSpan.FromSeconds(20)), "the stream on the revoked token stayed open");
        Assert.False(await SecureControlPlane.EndsWithinAsync(otherStream, TimeSpan.FromSeconds(1)), "a stream on another token was closed");
        var reconnect = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.FirstListenerResponseAsync(token));
        Assert.Equal(StatusCode.Unauthenticated, reconnect.StatusCode);
    }

    [Fact]
    public async Task The_admin_api_takes_only_the_admin_token_and_leaves_healthz_open()
    {
        using var anonymous = await _controlPlane.Process.Admin.GetAsync("config");
        using var workload = await GetAsync("clients", await _controlPlane.TokenAsync("spiffe://shop.local/ns/default/sa/basket"));
        using var minting = await _controlPlane.Process.Admin.PostAsync("tokens", JsonContent.Create(new { identity = "spiffe://shop.local/ns/default/sa/basket" }));
        using var admin = await GetAsync("config", _controlPlane.AdminToken);
        using var health = await _controlPlane.Process.Admin.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, workload.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, minting.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Mesh_cp_on_loopback_logs_a_dashboard_link_that_carries_the_admin_token()
    {
        var (line, _) = await _controlPlane.Process.Process.WaitForLineAsync(l => l.Contains("/dashboard?token=", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var link = line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0];
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var opened = await browser.GetAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
    }

    [Fact]
    public async Task Tokens_are_minted_only_for_identities_in_the_mesh_trust_domain()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "tokens")
        {
            Content = JsonContent.Create(new { identity = "spiffe://other.local/ns/default/sa/basket" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _controlPlane.AdminToken);
        using var response = await _controlPlane.Process.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outside this mesh's trust domain shop.local", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _controlPlane.Process.Admin.SendAsync(request);
    }
}
