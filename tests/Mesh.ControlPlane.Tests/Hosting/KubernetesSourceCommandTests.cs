using Mesh.Testing;
using Mesh.Testing.Kubernetes;
using static Mesh.Testing.Kubernetes.KubernetesObjects;

namespace Mesh.ControlPlane.Tests.Hosting;

/// <summary><c>mesh-cp --source kubernetes</c> as a process: its command line, and what it does while the API server is away.</summary>
public sealed class KubernetesSourceCommandTests
{
    [Theory]
    [InlineData(new[] { "--source", "kubernetes" }, "--source kubernetes needs the Kubernetes API")]
    [InlineData(new[] { "--source", "kubernetes", "--kube-api", "not-a-url" }, "--kube-api 'not-a-url' must be an absolute http:// or https:// URL")]
    [InlineData(new[] { "--source", "kubernetes", "--kube-api", "http://127.0.0.1:1", "--config-dir", "." }, "--config-dir and --source kubernetes exclude each other")]
    [InlineData(new[] { "--source", "files" }, "files")]
    [InlineData(new string[0], "--config-dir is required")]
    public async Task Refuses_a_command_line_that_cannot_work_and_says_what_to_pass(string[] arguments, string message)
    {
        await using var process = ControlPlaneProcess.LaunchWith(arguments);

        Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(message, process.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waits_for_an_unreachable_api_server_and_serves_once_it_answers()
    {
        var port = ControlPlaneProcess.FreePort();
        await using var process = ControlPlaneProcess.LaunchWith(
            ["--source", "kubernetes", "--kube-api", $"http://127.0.0.1:{port}", "--namespace", "shop", "--xds-address", "127.0.0.1:0", "--admin-address", "127.0.0.1:0"]);
        await process.WaitForLineAsync(l => l.Contains("retrying in", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.False(process.HasExited);

        await using var api = await FakeKubernetesApi.StartAsync(port);
        api.Apply(MeshServices, MeshService("shop", "catalog"));
        var (ready, _) = await process.WaitForLineAsync(l => l.StartsWith("mesh-cp ready:", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.Contains($"config=kubernetes:http://127.0.0.1:{port}/shop", ready, StringComparison.Ordinal);
    }
}
