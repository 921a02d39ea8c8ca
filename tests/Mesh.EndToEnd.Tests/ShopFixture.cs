using System.Text.Json;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests;

/// <summary>
/// One AppHost running the staging mesh (catalog v1/v2 at 50/50) and one browser session against it: the
/// browser adds two products, places an order, saves a screenshot, then loads the shop page 200 times.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public const int PageLoads = 200;

    private AppHostProcess? _appHost;

    internal AppHostProcess AppHost => _appHost ?? throw new InvalidOperationException("The AppHost is not started.");

    /// <summary>What e2e-shop.js printed: the order, the page loads per catalog version and the screenshot path.</summary>
    public JsonElement Browser { get; private set; }

    public string Screenshot { get; } = Path.Combine(AppContext.BaseDirectory, "shop.png");

    public async Task InitializeAsync()
    {
        _appHost = await AppHostProcess.StartAsync("--environment", "staging");
        File.Delete(Screenshot);
        Browser = await ChildProcess.RunNodeForJsonAsync(
            TimeSpan.FromSeconds(60),
            "e2e-shop.js",
            "--url", "http://localhost:5080",
            "--loads", PageLoads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--screenshot", Screenshot);
    }

    public async Task DisposeAsync()
    {
        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }
    }
}
