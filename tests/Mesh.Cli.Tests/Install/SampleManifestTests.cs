using Mesh.Testing;
using YamlDotNet.RepresentationModel;

namespace Mesh.Cli.Tests.Install;

/// <summary>The eShopMesh Kubernetes manifests are Kubernetes objects, and the non-.NET service takes the sidecar as the walkthrough says.</summary>
public sealed class SampleManifestTests
{
    private static readonly string Directory = Path.Combine(RepoPaths.Root, "samples", "eShopMesh", "deploy", "kubernetes");

    [Theory]
    [InlineData("shop.yaml")]
    [InlineData("recommendations.yaml")]
    [InlineData("mesh-dev.yaml")]
    [InlineData("mesh-staging.yaml")]
    [InlineData("mesh-production.yaml")]
    public void Every_document_has_api_version_kind_name_and_the_shop_namespace(string file)
    {
        var documents = Parse(File.ReadAllText(Path.Combine(Directory, file)));

        Assert.NotEmpty(documents);
        Assert.All(documents, d =>
        {
            Assert.False(string.IsNullOrEmpty(Text(d, "apiVersion")), file);
            Assert.False(string.IsNullOrEmpty(Text(d, "kind")), file);
            var metadata = (YamlMappingNode)d["metadata"];
            Assert.False(string.IsNullOrEmpty(Text(metadata, "name")), file);
            Assert.Equal("shop", Text(d, "kind") == "Namespace" ? Text(metadata, "name") : Text(metadata, "namespace"));
        });
    }

    [Fact]
    public void Every_shop_workload_presents_a_token_minted_for_mesh_cp_and_follows_every_replica()
    {
        var deployments = Parse(File.ReadAllText(Path.Combine(Directory, "shop.yaml"))).Where(d => Text(d, "kind") == "Deployment").ToArray();

        Assert.Equal(5, deployments.Length);
        Assert.All(deployments, deployment =>
        {
            var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
            var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
            var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name")!, e => Text(e, "value"));
            Assert.Equal("http://mesh-cp-headless.mesh-system:15010", env["Mesh__ControlPlane"]);
            var tokenDirectory = Path.GetDirectoryName(env["Mesh__TokenFile"])!;
            var mount = ((YamlSequenceNode)container["volumeMounts"]).Cast<YamlMappingNode>().Single(m => Text(m, "mountPath") == tokenDirectory);
            var volume = ((YamlSequenceNode)pod["volumes"]).Cast<YamlMappingNode>().Single(v => Text(v, "name") == Text(mount, "name"));
            var token = (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)volume["projected"])["sources"])[0])["serviceAccountToken"];
            Assert.Equal("mesh-cp", Text(token, "audience"));
            Assert.Equal(Path.GetFileName(env["Mesh__TokenFile"]), Text(token, "path"));
        });
    }

    [Fact]
    public async Task Mesh_inject_gives_the_recommendations_pods_the_inbound_port_its_service_targets()
    {
        var run = await CliRun.RunAsync("inject", Path.Combine(Directory, "recommendations.yaml"), "--control-plane", "http://mesh-cp-headless.mesh-system:15010");
        Assert.True(run.ExitCode == 0, run.ToString());

        var documents = Parse(run.Out);
        var deployment = documents.Single(d => Text(d, "kind") == "Deployment");
        var containers = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"])["containers"];
        var portNames = containers.Cast<YamlMappingNode>()
            .Where(c => c.Children.ContainsKey("ports"))
            .SelectMany(c => ((YamlSequenceNode)c["ports"]).Cast<YamlMappingNode>().Select(p => Text(p, "name")))
            .ToArray();
        var service = documents.Single(d => Text(d, "kind") == "Service");
        var targetPort = Text((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)service["spec"])["ports"])[0], "targetPort");

        Assert.Contains(containers.Cast<YamlMappingNode>(), c => Text(c, "name") == "mesh-sidecar");
        Assert.Contains(targetPort, portNames);
    }

    private static List<YamlMappingNode> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Where(d => d.RootNode is YamlMappingNode { Children.Count: > 0 }).Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
