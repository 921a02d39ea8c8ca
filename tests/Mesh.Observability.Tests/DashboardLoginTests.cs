using System.Net;
using Mesh.Cli;
using Mesh.Testing;

namespace Mesh.Observability.Tests;

/// <summary>
/// The dashboard of a mesh-cp that requires the admin token: a browser gets in through the address
/// <c>mesh dashboard</c> prints, which trades the token for a cookie that opens the dashboard and nothing else.
/// </summary>
[Collection(AdminTokenVariableCollection.Name)]
public sealed class DashboardLoginTests : IAsyncLifetime
{
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("mesh-dashboard-login-").FullName;
    private ControlPlaneProcess _controlPlane = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_configDirectory, "basket.yaml"), """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: basket }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints: [{ address: "127.0.0.1:9" }]

            """);
        _controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory, extraArguments: ["--auth", "required"]);
    }

    public async Task DisposeAsync()
    {
        await _controlPlane.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
    }

    [Fact]
    public async Task The_printed_address_sets_a_cookie_that_opens_the_dashboard_but_not_the_json_api()
    {
        var tokenFile = Path.Combine(_controlPlane.DataDirectory, "admin.token");
        Environment.SetEnvironmentVariable("MESH_ADMIN_TOKEN_FILE", tokenFile);
        string printed;
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(0, await MeshCommand.RunAsync(["dashboard", "--control-plane", _controlPlane.AdminAddress], output, error, CancellationToken.None));
            printed = output.ToString().Trim();
        }
        finally
        {
            Environment.SetEnvironmentVariable("MESH_ADMIN_TOKEN_FILE", null);
        }

        var token = File.ReadAllText(tokenFile).Trim();
        Assert.Equal($"http://{_controlPlane.AdminAddress}/dashboard?token={Uri.EscapeDataString(token)}", printed);

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        using (var anonymous = await browser.GetAsync(new Uri($"http://{_controlPlane.AdminAddress}/dashboard")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var wrong = await browser.GetAsync(new Uri($"http://{_controlPlane.AdminAddress}/dashboard?token=mesh-admin.wrong")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Empty(cookies.GetAllCookies());
        }

        using (var login = await browser.GetAsync(new Uri(printed)))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal("/dashboard", login.Headers.Location!.OriginalString);
        }

        using (var page = await browser.GetAsync(new Uri($"http://{_controlPlane.AdminAddress}/dashboard")))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<tr data-service=\"basket\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var view = await browser.GetAsync(new Uri($"http://{_controlPlane.AdminAddress}/dashboard/view")))
        {
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        }

        using var stats = await browser.GetAsync(new Uri($"http://{_controlPlane.AdminAddress}/stats"));
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
    }
}
