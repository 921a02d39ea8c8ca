using System.Text.Json;
using Mesh.Cli;

namespace Mesh.Observability.Tests;

/// <summary>
/// <c>mesh stat</c> against a real mesh-cp that real SDK clients report their calls to: the numbers match the
/// traffic the test made, counts exactly and latency within the histogram bucket the true latency falls in.
/// </summary>
public sealed class StatCommandTests(StableMesh mesh) : IClassFixture<StableMesh>
{
    private const int FastCalls = 40;
    private const int FailedCalls = 8;
    private const int SlowCalls = 15;

    [Fact]
    public async Task Shows_each_subset_and_caller_with_exact_counts_and_latency_in_the_right_bucket()
    {
        var web = mesh.Caller("web");
        await SendAsync(web, FastCalls, null, 200);
        await SendAsync(web, FailedCalls, "x-fail", 503);
        await SendAsync(web, SlowCalls, "x-v2", 200);

        var service = await WaitForCountsAsync();
        var subsets = service.GetProperty("subsets").EnumerateArray().ToDictionary(s => s.GetProperty("subset").GetString()!, s => s.GetProperty("metrics"));
        Assert.Equal(FastCalls + FailedCalls + SlowCalls, service.GetProperty("metrics").GetProperty("requests").GetInt64());
        Assert.Equal(FailedCalls, service.GetProperty("metrics").GetProperty("errors").GetInt64());
        Assert.Equal(FailedCalls, subsets["v1"].GetProperty("errors").GetInt64());
        Assert.Equal((double)FastCalls / (FastCalls + FailedCalls), subsets["v1"].GetProperty("successRate").GetDouble(), 4);
        Assert.Equal(0, subsets["v2"].GetProperty("errors").GetInt64());

        // 150 ms plus loopback overhead (up to 100 ms on a loaded machine) lands in the (100 ms, 250 ms] bucket,
        // and interpolation stays inside it.
        Assert.InRange(subsets["v2"].GetProperty("p50Ms").GetDouble(), 100, 250);
        Assert.InRange(subsets["v1"].GetProperty("p50Ms").GetDouble(), 0, 100);
        var caller = Assert.Single(service.GetProperty("callers").EnumerateArray(), c => c.GetProperty("subset").GetString() == "v2");
        Assert.Equal("web", caller.GetProperty("caller").GetString());
        Assert.Equal(SlowCalls, caller.GetProperty("metrics").GetProperty("requests").GetInt64());

        var table = await RunAsync("stat", "catalog");
        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Out.Split('\n');
        Assert.StartsWith("SUBSET", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => Columns(l) is ["v1", "(all)", "83.33%", _, _, _, _, "48", "8"]);
        Assert.Contains(lines, l => Columns(l) is ["v2", "web", "100.00%", _, _, _, _, "15", "0"]);

        var all = await RunAsync("stat");
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains(all.Out.Split('\n'), l => Columns(l) is ["catalog", "(all)", _, _, _, _, _, "63", "8"]);
    }

    [Fact]
    public async Task Says_which_services_have_calls_when_asked_for_one_without_any()
    {
        var run = await RunAsync("stat", "nosuch");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("no calls to 'nosuch' were reported", run.Error, StringComparison.Ordinal);
    }

    private async Task<JsonElement> WaitForCountsAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var run = await RunAsync("stat", "catalog", "-o", "json");
            if (run.ExitCode == 0)
            {
                var service = JsonDocument.Parse(run.Out).RootElement.GetProperty("service");
                if (service.GetProperty("metrics").GetProperty("requests").GetInt64() == FastCalls + FailedCalls + SlowCalls)
                {
                    return service.Clone();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"mesh stat never showed the calls:\n{run}");
            await Task.Delay(250);
        }
    }

    private async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MeshCommand.RunAsync([.. args, "--control-plane", mesh.ControlPlane.AdminAddress], output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task SendAsync(MeshCaller caller, int calls, string? header, int expected)
    {
        for (var i = 0; i < calls; i++)
        {
            Assert.Equal(expected, await caller.GetAsync("http://catalog/", header));
        }
    }
}
