using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests;

/// <summary>The AppHost as the README runs it: the dev environment, its start time, and Ctrl+C.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(ITestOutputHelper output)
{
    private const int ResourceCount = 8;

    [Fact]
    public async Task Dev_apphost_is_healthy_within_60_seconds_and_routes_every_page_to_catalog_v2()
    {
        await using var appHost = await AppHostProcess.StartAsync();

        output.WriteLine($"all services healthy {appHost.HealthySeconds} s after the AppHost started");
        Assert.InRange(appHost.HealthySeconds, 0, 60);
        using var http = new HttpClient();
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.GetAsync("http://localhost:5080/");
            response.EnsureSuccessStatusCode();
            Assert.Equal("v2", Assert.Single(response.Headers.GetValues("X-Catalog-Version")));
        }
    }

    [Fact]
    public async Task Sigint_stops_the_apphost_and_leaves_no_process_behind()
    {
        await using var appHost = await AppHostProcess.StartAsync();
        var tree = ProcessTree.Descendants(appHost.Process.Id);
        Assert.Contains(appHost.Pid, tree);
        Assert.Equal(ResourceCount, ProcessTree.Descendants(appHost.Pid).Count);

        var signal = InterruptSignal(appHost.Pid);
        output.WriteLine($"Sending SIG{signal} to the AppHost (pid {appHost.Pid}); its tree: {string.Join(' ', tree)}");
        await AppHostProcess.SignalAsync(appHost.Pid, signal);

        Assert.Equal(0, await appHost.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"[apphost] stopped all {ResourceCount} resources; no process left behind", appHost.Process.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(tree, ProcessTree.IsAlive);
    }

    // A shell without job control starts background jobs with SIGINT ignored, and .NET keeps it ignored;
    // a terminal's Ctrl+C never meets that case, so there SIGTERM stands in for it.
    private static string InterruptSignal(int pid) => ProcessTree.Ignores(pid, signal: 2) ? "TERM" : "INT";
}
