using Mesh.SidecarFallback.Tests.Infrastructure;

namespace Mesh.SidecarFallback.Tests.Hosting;

/// <summary>How the sidecar starts from its command line or environment, and how it stops.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Sigterm_drains_an_in_flight_request_then_exits_cleanly()
    {
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var slow = http.GetAsync($"http://127.0.0.1:{mesh.Sidecar.InboundPort}/slow?ms=1500");
        await Task.Delay(400);

        mesh.Sidecar.Terminate();

        using var response = await slow;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"slow\":1500", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await mesh.Sidecar.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Watches_no_files_so_its_working_directory_costs_no_inotify_watches_or_pinned_memory()
    {
        await using var mesh = await SidecarScenario.StartAsync(string.Empty);

        var descriptors = Directory.GetFiles($"/proc/{mesh.Sidecar.Process.Id}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .ToList();

        Assert.Contains(descriptors, target => target?.StartsWith("socket:", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(descriptors, target => target?.Contains("inotify", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Missing_service_name_and_app_port_stop_the_sidecar_with_what_to_set()
    {
        await using var sidecar = SidecarProcess.Launch([SidecarProcess.Dll, "--outbound-port", "0"]);

        Assert.Equal(1, await sidecar.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("--service-name is required", sidecar.Transcript, StringComparison.Ordinal);
        Assert.Contains("MESH_APP_PORT", sidecar.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_configure_the_sidecar_without_arguments()
    {
        await using var upstream = await KestrelUpstream.TextAsync("static catalog");
        await using var sidecar = SidecarProcess.Launch([SidecarProcess.Dll], new Dictionary<string, string>
        {
            ["MESH_SERVICE_NAME"] = "recs",
            ["MESH_APP_PORT"] = "18999",
            ["MESH_OUTBOUND_PORT"] = "0",
            ["MESH_INBOUND_PORT"] = "0",
            ["MESH_ADMIN_PORT"] = "0",
            ["services__catalog__http__0"] = "http://127.0.0.1:" + upstream.Port,
        });

        var (line, _) = await sidecar.WaitForLineAsync(l => l.StartsWith("mesh-sidecar listening:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Assert.Contains("app=127.0.0.1:18999 service=recs", line, StringComparison.Ordinal);
        var outbound = line.Split("outbound=127.0.0.1:")[1].Split(' ')[0];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{outbound}/");
        request.Headers.Host = "catalog";
        using var response = await http.SendAsync(request);
        Assert.Equal("static catalog", await response.Content.ReadAsStringAsync());
    }
}
