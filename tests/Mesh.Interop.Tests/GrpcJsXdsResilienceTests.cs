using Mesh.Testing;

namespace Mesh.Interop.Tests;

/// <summary>
/// Resilience config reaches a real @grpc/grpc-js-xds client and it acts on it: injected aborts and
/// delays (gRFC A33) and retries (gRFC A44), against a real grpc-js server, with no NACK.
/// </summary>
public sealed class GrpcJsXdsResilienceTests : IAsyncLifetime
{
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("mesh-resilience-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_configDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Aborts_about_30_percent_of_calls_with_unavailable_and_only_calls_carrying_the_header()
    {
        await using var server = await EchoServer.StartAsync("v1");
        WriteConfig(server.Port, """
            - destinations: [{ weight: 100 }]
              fault: { abort: { percent: 30, grpcStatus: unavailable }, onlyWithHeader: { x-fault: "on" } }
            """);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-fault-abort");

        var withHeader = await client.CallAsync(2000, new Dictionary<string, string> { ["x-fault"] = "on" });
        var withoutHeader = await client.CallAsync(1000);

        var unavailable = withHeader.Errors.GetValueOrDefault("UNAVAILABLE");
        var percent = 100.0 * unavailable / 2000;
        Assert.True(Math.Abs(percent - 30) <= 4, $"{percent:F1}% of calls with the header failed, expected 30% ± 4; errors: {string.Join(", ", withHeader.Errors)}\n{client.Transcript}");
        Assert.Equal(unavailable, withHeader.Failed);
        Assert.True(withoutHeader.Failed == 0, $"calls without the header failed: {withoutHeader.LastError}");
        await AssertNoNackAsync(controlPlane);
    }

    [Fact]
    public async Task Delays_every_call_by_the_fixed_delay()
    {
        var delay = TimeSpan.FromMilliseconds(300);
        await using var server = await EchoServer.StartAsync("v1");
        WriteConfig(server.Port, """
            - destinations: [{ weight: 100 }]
              fault: { delay: { percent: 100, fixedDelay: 300ms } }
            """);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-fault-delay");

        var counts = await client.CallAsync(64);

        Assert.True(counts.Failed == 0, $"calls failed: {counts.LastError}\n{client.Transcript}");

        // libuv keeps time in whole milliseconds, so a timer may fire up to 1 ms early by the call's clock.
        Assert.True(counts.Fastest >= delay - TimeSpan.FromMilliseconds(1), $"the fastest call took {counts.Fastest.TotalMilliseconds:F1} ms, less than the {delay.TotalMilliseconds} ms delay");
        await AssertNoNackAsync(controlPlane);
    }

    [Fact]
    public async Task Retries_hide_a_failed_first_attempt_of_every_call()
    {
        const int Calls = 500;
        await using var server = await EchoServer.StartAsync("v1", "--fail-first-attempts", "1");
        WriteConfig(server.Port, """
            - destinations: [{ weight: 100 }]
              retries: { attempts: 2, retryOn: [unavailable] }
            """);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-retries");

        var counts = await client.CallAsync(Calls);

        Assert.True(counts.Failed == 0, $"{counts.Failed} calls failed: {counts.LastError}\n{client.Transcript}");
        Assert.Equal(Calls, counts.Of("v1"));
        Assert.Equal(Calls, FailedAttempts(server));
        await AssertNoNackAsync(controlPlane);
    }

    [Fact]
    public async Task Ejects_an_endpoint_that_fails_every_call_and_keeps_serving_from_the_healthy_one()
    {
        await using var healthy = await EchoServer.StartAsync("healthy");
        await using var broken = await EchoServer.StartAsync("broken", "--always-fail");
        WriteConfig(
            [healthy.Port, broken.Port],
            "- destinations: [{ weight: 100 }]",
            """
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata: { name: echo }
            spec:
              service: echo
              outlierDetection: { consecutive5xx: 5, interval: 500ms, baseEjectionTime: 30s, maxEjectionPercent: 50 }
            """);
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_configDirectory);
        await using var client = await XdsInteropClient.StartAsync(controlPlane.XdsAddress, "xds:///echo", "interop-outliers");

        var before = await client.CallAsync(100);
        Assert.True(before.Failed > 0, "the broken endpoint failed no call before it could be ejected");

        // Detection runs once per interval; keep calling until a whole batch succeeds.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var batch = await client.CallAsync(100);
        while (batch.Failed > 0 && DateTime.UtcNow < deadline)
        {
            batch = await client.CallAsync(100);
        }

        var after = await client.CallAsync(500);
        Assert.True(after.Failed == 0, $"{after.Failed} calls still failed after the broken endpoint should be ejected: {after.LastError}\n{client.Transcript}");
        Assert.Equal(500, after.Of("healthy"));
        await AssertNoNackAsync(controlPlane);
    }

    private static int FailedAttempts(EchoServer server) =>
        server.Process.Transcript.Split('\n').Count(line => line.Contains("\"event\":\"failed-attempt\"", StringComparison.Ordinal));

    private static async Task AssertNoNackAsync(ControlPlaneProcess controlPlane)
    {
        var clients = (await controlPlane.GetJsonAsync("clients")).GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("\"lastNack\":{", clients, StringComparison.Ordinal);
    }

    private void WriteConfig(int port, string rules, string moreResources = "") => WriteConfig([port], rules, moreResources);

    private void WriteConfig(int[] ports, string rules, string moreResources)
    {
        var indented = string.Join('\n', rules.Split('\n').Select(line => "    " + line));
        var endpoints = string.Join(", ", ports.Select(port => $"{{ address: \"127.0.0.1:{port}\" }}"));
        EchoConfig.WriteAtomically(Path.Combine(_configDirectory, "echo.yaml"), $$"""
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: echo }
            spec:
              ports: [{ name: grpc, protocol: grpc }]
              endpoints: [{{endpoints}}]
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: echo }
            spec:
              service: echo
              rules:
            {{indented}}
            {{moreResources}}
            """);
    }
}
