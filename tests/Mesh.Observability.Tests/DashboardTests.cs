using Mesh.Testing;

namespace Mesh.Observability.Tests;

/// <summary>
/// The dashboard in headless Chromium while real SDK clients call through the mesh: it shows a service, its
/// configured and live split, and the graph's edge with live numbers, and updates itself without a reload.
/// </summary>
public sealed class DashboardTests(CanaryMesh mesh) : IClassFixture<CanaryMesh>
{
    [Fact]
    public async Task Shows_the_catalog_split_and_the_web_to_catalog_edge_and_updates_without_a_reload()
    {
        var web = mesh.Caller("web");
        var basket = mesh.Caller("basket");
        using var stop = new CancellationTokenSource();
        var traffic = Task.WhenAll(
            CallUntilAsync(web, "http://catalog/", stop.Token),
            CallUntilAsync(web, "http://basket/", stop.Token),
            CallUntilAsync(basket, "http://catalog/", stop.Token));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "dashboard.png");

        try
        {
            var page = await ChildProcess.RunNodeForJsonAsync(
                TimeSpan.FromSeconds(90),
                "e2e-dashboard.js",
                "--url", $"http://{mesh.ControlPlane.AdminAddress}",
                "--service", "catalog",
                "--caller", "web",
                "--screenshot", screenshot);

            var first = page.GetProperty("first");
            var second = page.GetProperty("second");
            Assert.Equal(
                ["v1 80%", "v2 20%"],
                first.GetProperty("configured").EnumerateArray().Select(s => s.GetProperty("text").GetString()));
            Assert.Equal(["v1", "v2"], second.GetProperty("live").EnumerateArray().Select(s => s.GetProperty("subset").GetString()));
            Assert.Matches(@"^\d+(\.\d+)?% · \d+(\.\d+)? rps · p50 \d+(\.\d+)? ms$", second.GetProperty("edge").GetString());
            Assert.EndsWith("%", second.GetProperty("success").GetString(), StringComparison.Ordinal);
            Assert.True(second.GetProperty("requests").GetInt64() > first.GetProperty("requests").GetInt64(), page.ToString());
            Assert.NotEqual(first.GetProperty("updated").GetString(), second.GetProperty("updated").GetString());
            Assert.Equal(0, page.GetProperty("reloads").GetInt32());
            Assert.Equal(2, second.GetProperty("clients").GetInt32());
            Assert.Equal(4, second.GetProperty("versions").GetArrayLength());
            Assert.All(second.GetProperty("versions").EnumerateArray(), v => Assert.EndsWith("✔", v.GetString(), StringComparison.Ordinal));
            var effective = second.GetProperty("effective").GetString()!;
            Assert.Contains("\"service\": \"default/catalog\"", effective, StringComparison.Ordinal);
            Assert.Contains("\"trafficRoutes\"", effective, StringComparison.Ordinal);
            Assert.True(new FileInfo(screenshot).Length > 10_000, $"The screenshot {screenshot} is missing or blank.");
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }
    }

    private static async Task CallUntilAsync(MeshCaller caller, string url, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await caller.GetAsync(url);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
