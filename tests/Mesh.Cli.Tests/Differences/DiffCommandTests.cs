using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Cli.Tests.Differences;

public sealed class DiffCommandTests
{
    private const string MeshSettings = """
        apiVersion: mesh.dev/v1alpha1
        kind: Mesh
        metadata: { name: default }
        spec:
          mtls: {0}

        """;

    private static string Sample => Path.Combine(RepoPaths.Root, "samples", "eShopMesh", "mesh");

    [Fact]
    public async Task Lists_the_changed_catalog_weights_between_the_sample_dev_and_production()
    {
        var run = await CliRun.RunAsync("diff", Sample, "dev", "production");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("~ TrafficRoute default/catalog spec.rules[1].destinations[0].weight: 0 → 90", run.Out, StringComparison.Ordinal);
        Assert.Contains("~ TrafficRoute default/catalog spec.rules[1].destinations[1].weight: 100 → 10", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("rules[0]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_no_differences_and_exits_zero_for_equal_environments()
    {
        var run = await CliRun.RunAsync("diff", Sample, "staging", "staging");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("no differences between staging and staging", run.Out.Trim());
    }

    [Fact]
    public async Task Shows_a_changed_mtls_mode()
    {
        using var config = new TempConfig()
            .Write("base/catalog.yaml", TempConfig.Catalog)
            .Write("environments/a/mesh.yaml", MeshSettings.Replace("{0}", "permissive", StringComparison.Ordinal))
            .Write("environments/b/mesh.yaml", MeshSettings.Replace("{0}", "strict", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("diff", config.Path, "a", "b");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("~ Mesh default spec.mtls: permissive → strict", run.Out.Trim());
    }

    [Fact]
    public async Task Marks_resources_that_only_one_environment_has()
    {
        using var config = new TempConfig()
            .Write("base/catalog.yaml", TempConfig.Catalog)
            .Write("environments/a/route.yaml", TempConfig.Route("destinations: [{ subset: v1, weight: 100 }]"))
            .Write("environments/b/empty.yaml", "# nothing\n");

        var run = await CliRun.RunAsync("diff", config.Path, "a", "b");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("- TrafficRoute default/catalog", run.Out.Trim());
    }

    [Fact]
    public async Task Writes_differences_as_json_for_scripts()
    {
        var run = await CliRun.RunAsync("diff", Sample, "staging", "production", "--output", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var differences = JsonDocument.Parse(run.Out).RootElement.GetProperty("differences").EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "TrafficRoute")
            .Select(d => (d.GetProperty("field").GetString(), d.GetProperty("from").GetString(), d.GetProperty("to").GetString()))
            .ToList();
        Assert.Equal(
            [("spec.rules[1].destinations[0].weight", "50", "90"), ("spec.rules[1].destinations[1].weight", "50", "10")],
            differences);
    }

    [Fact]
    public async Task Refuses_to_compare_an_environment_that_does_not_load_and_says_why()
    {
        using var config = new TempConfig()
            .Write("base/catalog.yaml", TempConfig.Catalog)
            .Write("environments/a/route.yaml", TempConfig.Route("destinations: [{ subset: v1, weight: 100 }]"))
            .Write("environments/b/route.yaml", TempConfig.Route("destinations: [{ subset: v9, weight: 100 }]"));

        var run = await CliRun.RunAsync("diff", config.Path, "a", "b");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("environment b does not load", run.Error, StringComparison.Ordinal);
        Assert.Contains("subset 'v9' is not defined", run.Error, StringComparison.Ordinal);
        Assert.Contains("mesh analyze DIR --environment b", run.Error, StringComparison.Ordinal);
    }
}
