namespace Mesh.Cli.Tests.Commands;

public sealed class InjectCommandTests : IDisposable
{
    private const string Service = """
        # the shop's recommendations
        apiVersion: v1
        kind: Service
        metadata:
          name: recommendations
        spec:
          ports: [{ port: 80, targetPort: 8080 }]
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: recommendations
        spec:
          selector:
            matchLabels: { app: recs }
          template:
            metadata:
              labels: { app: recs }
            spec:
              containers:
                - name: app
                  image: node:20
                  ports: [{ containerPort: 8080 }]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("mesh-inject-").FullName;

    [Fact]
    public async Task Adds_the_sidecar_container_env_and_ports_to_a_deployment()
    {
        var run = await CliRun.RunAsync("inject", Write("deploy.yaml", Deployment));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("- name: mesh-sidecar", run.Out, StringComparison.Ordinal);
        Assert.Contains("name: MESH_SERVICE_NAME\n          value: \"recs\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("name: MESH_APP_PORT\n          value: \"8080\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("containerPort: 15006", run.Out, StringComparison.Ordinal);
        Assert.Contains("path: /ready", run.Out, StringComparison.Ordinal);
        Assert.Contains("name: HTTP_PROXY\n          value: \"http://127.0.0.1:15001\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("added the sidecar to Deployment recommendations", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injecting_twice_gives_the_same_output()
    {
        var once = await CliRun.RunAsync("inject", Write("deploy.yaml", Service + "\n---\n" + Deployment));
        var twice = await CliRun.RunAsync("inject", Write("injected.yaml", once.Out));

        Assert.Equal(0, twice.ExitCode);
        Assert.Equal(once.Out, twice.Out);
        Assert.Contains("no Deployment needed the sidecar", twice.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_that_are_not_deployments_pass_through_unchanged()
    {
        var run = await CliRun.RunAsync("inject", Write("deploy.yaml", Service + "\n---\n" + Deployment));

        Assert.StartsWith(Service + "\n---\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_name_the_service_port_and_control_plane()
    {
        var run = await CliRun.RunAsync("inject", Write("deploy.yaml", Deployment), "--service-name", "recommendations", "--app-port", "9090", "--control-plane", "http://cp:15010");

        Assert.Contains("value: \"recommendations\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("value: \"9090\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("value: \"http://cp:15010\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deployment_without_a_port_is_refused_with_what_to_pass()
    {
        var run = await CliRun.RunAsync("inject", Write("deploy.yaml", Deployment.Replace("          ports: [{ containerPort: 8080 }]", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Deployment recommendations: no container declares a containerPort", run.Error, StringComparison.Ordinal);
        Assert.Contains("--app-port", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
