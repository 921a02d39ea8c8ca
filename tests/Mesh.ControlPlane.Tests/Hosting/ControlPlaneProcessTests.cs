using System.Text.Json;
using Mesh.Testing;

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

    private static bool HasRejection(JsonElement config) =>
        config.TryGetProperty("lastRejection", out var rejection) && rejection.ValueKind == JsonValueKind.Object;

    private void WriteService(string weight, string extraField = "", string comment = "")
    {
        var extra = extraField.Length == 0 ? string.Empty : ", " + extraField;
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
                - destinations: [{ subset: v1, weight: {{weight}}{{extra}} }]

            """;
        var path = Path.Combine(_directory, "shop.yaml");
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
