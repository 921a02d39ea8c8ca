using System.Text.Json;
using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Envoy.Service.Discovery.V3;
using Mesh.ControlPlane.Translation;
using Mesh.Testing;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Hosting;

/// <summary>mesh-cp as a real process: startup on good and bad config, live reload, last good config.</summary>
public sealed class ControlPlaneProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-cp-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Refuses_to_start_on_an_invalid_config_and_names_file_line_and_field()
    {
        WriteService(weight: "-5");

        await using var process = ControlPlaneProcess.Launch(_directory, null, ["--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0"]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains("shop.yaml:", process.Transcript, StringComparison.Ordinal);
        Assert.Contains("spec.rules[0].destinations[0].weight", process.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("mesh-cp ready", process.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_bad_edit_whole_and_keeps_serving_the_last_good_config()
    {
        WriteService(weight: "100");
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_directory);
        var good = await controlPlane.GetJsonAsync("config");
        var goodVersion = good.GetProperty("version").GetString();

        WriteService(weight: "100", extraField: "colour: blue");
        var rejected = await controlPlane.WaitForAdminAsync("config", HasRejection, TimeSpan.FromSeconds(5));

        Assert.Equal(goodVersion, rejected.GetProperty("version").GetString());
        var error = Assert.Single(rejected.GetProperty("lastRejection").GetProperty("errors").EnumerateArray()).GetString();
        Assert.Matches(@"^shop\.yaml:\d+:\d+: spec\.rules\[0\]\.destinations\[0\]\.colour: ", error);
        Assert.Equal("ok", (await controlPlane.GetJsonAsync("healthz")).GetProperty("status").GetString());

        WriteService(weight: "50");
        var fixedConfig = await controlPlane.WaitForAdminAsync("config", c => !HasRejection(c), TimeSpan.FromSeconds(5));
        Assert.NotEqual(goodVersion, fixedConfig.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Version_is_a_content_hash_that_returns_with_the_same_content()
    {
        WriteService(weight: "100");
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_directory);
        var version = (await controlPlane.GetJsonAsync("config")).GetProperty("version").GetString();

        WriteService(weight: "99");
        await controlPlane.WaitForAdminAsync("config", c => c.GetProperty("version").GetString() != version, TimeSpan.FromSeconds(5));
        WriteService(weight: "100", comment: "# the same content, written differently");
        var back = await controlPlane.WaitForAdminAsync("config", c => c.GetProperty("version").GetString() == version, TimeSpan.FromSeconds(5));

        Assert.Equal(version, back.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Serves_delta_xds_sending_only_the_route_that_changed()
    {
        WriteService(weight: "100");
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_directory);
        using var channel = new GrpcClientChannel(new Uri($"http://{controlPlane.XdsAddress}"));
        using var call = channel.DuplexStreaming(AdsMethods.DeltaAggregatedResources);
        var subscribe = new DeltaDiscoveryRequest
        {
            Node = new Node { Id = "envoy-1", UserAgentName = "envoy", Locality = new Locality { Zone = "a" } },
            TypeUrl = TypeUrls.RouteConfiguration,
        };
        subscribe.ResourceNamesSubscribe.Add("shop.default");
        await call.RequestStream.WriteAsync(subscribe);

        var first = await ReadAsync(call);
        var route = Assert.Single(first.Resources);
        Assert.Equal("shop.default", route.Name);
        await call.RequestStream.WriteAsync(new DeltaDiscoveryRequest { TypeUrl = first.TypeUrl, ResponseNonce = first.Nonce });

        WriteService(weight: "100", comment: "# only a comment changed: nothing is sent for it");
        WriteService(weight: "100", timeout: "3s");
        var second = await ReadAsync(call);

        var changed = Assert.Single(second.Resources);
        Assert.NotEqual(route.Version, changed.Version);
        var timeout = changed.Resource_.Unpack<RouteConfiguration>().VirtualHosts[0].Routes[0].Route_.Timeout;
        Assert.Equal(3, timeout.Seconds);
        Assert.Empty(second.RemovedResources);
    }

    [Fact]
    public async Task Sigterm_ends_xds_streams_with_unavailable_and_exits_cleanly()
    {
        WriteService(weight: "100");
        await using var controlPlane = await ControlPlaneProcess.StartAsync(_directory);
        using var channel = new GrpcClientChannel(new Uri($"http://{controlPlane.XdsAddress}"));
        using var call = channel.DuplexStreaming(AdsMethods.DeltaAggregatedResources);
        var subscribe = new DeltaDiscoveryRequest { Node = new Node { Id = "envoy-1", UserAgentName = "envoy" }, TypeUrl = TypeUrls.Listener };
        await call.RequestStream.WriteAsync(subscribe);
        await ReadAsync(call);

        await using (var kill = ChildProcess.Start("kill", "kill", ["-TERM", controlPlane.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            Assert.Equal(0, await kill.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
        Assert.Equal(0, await controlPlane.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("mesh-cp shutting down", controlPlane.Process.Transcript, StringComparison.Ordinal);
    }

    private static async Task<DeltaDiscoveryResponse> ReadAsync(AsyncDuplexStreamingCall<DeltaDiscoveryRequest, DeltaDiscoveryResponse> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        return call.ResponseStream.Current;
    }

    private static bool HasRejection(JsonElement config) =>
        config.TryGetProperty("lastRejection", out var rejection) && rejection.ValueKind == JsonValueKind.Object;

    private void WriteService(string weight, string extraField = "", string comment = "", string? timeout = null)
    {
        var extra = extraField.Length == 0 ? string.Empty : ", " + extraField;
        var ruleTimeout = timeout is null ? string.Empty : "\n      timeout: " + timeout;
        var text = comment + "\n" + $$"""
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: shop }
            spec:
              ports: [{ name: http, port: 8080, protocol: http }]
              subsets: [{ name: v1, labels: { version: v1 } }]
              endpoints: [{ address: "127.0.0.1:5001", labels: { version: v1 } }]
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: shop }
            spec:
              service: shop
              rules:
                - destinations: [{ subset: v1, weight: {{weight}}{{extra}} }]{{ruleTimeout}}

            """;
        var path = Path.Combine(_directory, "shop.yaml");
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
