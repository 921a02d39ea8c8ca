using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Cli.Tests.Analysis;

public sealed class AnalyzeCommandTests
{
    [Fact]
    public async Task Finds_no_problems_in_the_eShop_sample_across_base_and_every_environment()
    {
        var sample = Path.Combine(RepoPaths.Root, "samples", "eShopMesh", "mesh");
        var files = Directory.GetFiles(sample, "*.yaml", SearchOption.AllDirectories).Length;

        var run = await CliRun.RunAsync("analyze", sample);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"no problems found in {files} files (base, dev, production, staging)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggests_the_field_an_unknown_field_was_a_typo_of()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: v1, weight: 100 }]\n      retires: { attempts: 2 }"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("mesh.yaml:20:7: spec.rules[0].retires: unknown field 'retires'", run.Out, StringComparison.Ordinal);
        Assert.Contains("fix: did you mean 'retries'?", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_the_subsets_that_exist_when_a_route_names_a_missing_one()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: canary, weight: 100 }]"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("spec.rules[0].destinations[0].subset: subset 'canary' is not defined", run.Out, StringComparison.Ordinal);
        Assert.Contains("fix: subsets of default/catalog: v1, v2", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggests_the_closest_subset_for_a_misspelt_one()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: V2, weight: 100 }]"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("fix: did you mean 'v2'? (subsets of default/catalog: v1, v2)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_negative_weight_with_how_weights_work()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: v1, weight: -5 }]"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("spec.rules[0].destinations[0].weight: weight must be ≥ 0, got -5", run.Out, StringComparison.Ordinal);
        Assert.Contains("fix: weights are whole numbers", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggests_a_unit_for_a_duration_written_as_a_bare_number()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: v1, weight: 100 }]\n      timeout: 2"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("spec.rules[0].timeout: timeout must be a positive duration", run.Out, StringComparison.Ordinal);
        Assert.Contains("fix: add a unit: '2s' for seconds or '2ms' for milliseconds", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggests_the_allowed_value_a_misspelt_choice_was_close_to()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + """
                ---
                apiVersion: mesh.dev/v1alpha1
                kind: DestinationPolicy
                metadata: { name: catalog }
                spec:
                  service: catalog
                  loadBalancer: least_requests

                """);

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("spec.loadBalancer: loadBalancer must be one of", run.Out, StringComparison.Ordinal);
        Assert.Contains("fix: did you mean 'least_request'?", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_yaml_syntax_error_at_its_line_and_column()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: v1, weight: 100 }"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"mesh\.yaml:\d+:\d+: invalid YAML", run.Out);
    }

    [Fact]
    public async Task Tags_an_error_that_only_one_environment_has_with_that_environment()
    {
        using var config = new TempConfig()
            .Write("base/catalog.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: v1, weight: 100 }]"))
            .Write("environments/dev/catalog.yaml", TempConfig.Route("destinations: [{ subset: v2, weight: 100 }]"))
            .Write("environments/production/catalog.yaml", TempConfig.Route("destinations: [{ subset: v3, weight: 100 }]"));

        var run = await CliRun.RunAsync("analyze", config.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("subset 'v3' is not defined by MeshService default/catalog (it defines v1, v2); add it to the service's subsets or fix the name [production]", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 problem(s) in 3 files (base, dev, production)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyzes_only_the_named_environment()
    {
        using var config = new TempConfig()
            .Write("base/catalog.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: v1, weight: 100 }]"))
            .Write("environments/production/catalog.yaml", TempConfig.Route("destinations: [{ subset: v3, weight: 100 }]"));

        var run = await CliRun.RunAsync("analyze", config.Path, "--environment", "dev");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.DoesNotContain("v3", run.Out, StringComparison.Ordinal);
        Assert.Contains("environment", run.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Writes_errors_as_json_for_scripts()
    {
        using var config = new TempConfig()
            .Write("mesh.yaml", TempConfig.Catalog + "---\n" + TempConfig.Route("destinations: [{ subset: canary, weight: 100 }]"));

        var run = await CliRun.RunAsync("analyze", config.Path, "--output", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var error = Assert.Single(JsonDocument.Parse(run.Out).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("mesh.yaml", error.GetProperty("file").GetString());
        Assert.Equal("spec.rules[0].destinations[0].subset", error.GetProperty("field").GetString());
        Assert.Equal("subsets of default/catalog: v1, v2", error.GetProperty("suggestion").GetString());
    }
}
