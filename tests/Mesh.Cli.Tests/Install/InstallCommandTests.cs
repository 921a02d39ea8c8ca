using Mesh.Cli.Install;
using Mesh.Testing;
using YamlDotNet.RepresentationModel;

namespace Mesh.Cli.Tests.Install;

public sealed class InstallCommandTests
{
    /// <summary>Set to 1 to rewrite the checked-in manifests and golden files from the current code.</summary>
    private const string UpdateVariable = "MESH_UPDATE_GOLDEN";

    private static readonly string[] NamespacedKinds = ["ServiceAccount", "Deployment", "PodDisruptionBudget", "Service"];

    [Fact]
    public async Task Prints_exactly_the_checked_in_deploy_manifests_by_default()
    {
        var run = await CliRun.RunAsync("install");
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertGolden(Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "install.yaml"), run.Out);

        var crds = await CliRun.RunAsync("install", "--crds-only");
        AssertGolden(Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "crds.yaml"), crds.Out);
    }

    [Fact]
    public async Task Renders_the_namespace_replicas_environment_and_image_asked_for()
    {
        var run = await CliRun.RunAsync("install", "--namespace", "shop-mesh", "--replicas", "3", "--environment", "production", "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/mesh-cp:1.0");
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertGolden(Path.Combine(RepoPaths.Root, "tests", "Mesh.Cli.Tests", "Install", "install-production.golden.yaml"), run.Out);

        var documents = Parse(run.Out);
        var deployment = Single(documents, "Deployment");
        Assert.Equal("3", Scalar(deployment, "spec", "replicas"));
        var args = ((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers", "0", "args")!).Select(n => n.ToString()).ToArray();
        Assert.Equal(["--source", "kubernetes", "--xds-address", "0.0.0.0:15010", "--admin-address", "0.0.0.0:15014", "--ca-dir", "/etc/mesh/ca", "--secrets-dir", "/etc/mesh/secrets", "--peers", "mesh-cp-headless.shop-mesh.svc.cluster.local:15014", "--environment", "production"], args);
        Assert.All(NamespacedKinds.SelectMany(kind => documents.Where(d => Scalar(d, "kind") == kind)), d => Assert.Equal("shop-mesh", Scalar(d, "metadata", "namespace")));
        Assert.Equal("shop-mesh", Scalar(Single(documents, "ClusterRoleBinding"), "subjects", "0", "namespace"));
    }

    [Fact]
    public async Task Every_document_is_a_kubernetes_object_with_api_version_kind_and_name()
    {
        var run = await CliRun.RunAsync("install");
        var documents = Parse(run.Out);

        Assert.Equal(14, documents.Count);
        Assert.All(documents, d =>
        {
            Assert.Matches("^[a-z0-9.]*/?v[0-9]+(alpha[0-9]+|beta[0-9]+)?$", Scalar(d, "apiVersion"));
            Assert.Matches("^[A-Z][A-Za-z]+$", Scalar(d, "kind"));
            Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", Scalar(d, "metadata", "name"));
        });
        Assert.Equal(
            ["Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "PodDisruptionBudget", "Service"],
            documents.Select(d => Scalar(d, "kind")).Distinct());
        Assert.Equal(
            ["accesspolicies.mesh.dev", "destinationpolicies.mesh.dev", "meshes.mesh.dev", "meshservices.mesh.dev", "ratelimits.mesh.dev", "trafficroutes.mesh.dev"],
            documents.Where(d => Scalar(d, "kind") == "CustomResourceDefinition").Select(d => Scalar(d, "metadata", "name")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Grants_read_only_access_to_exactly_what_the_source_watches_and_token_reviews()
    {
        var documents = Parse((await CliRun.RunAsync("install")).Out);
        var rules = (YamlSequenceNode)Node(Single(documents, "ClusterRole"), "rules")!;
        var grants = rules.Cast<YamlMappingNode>()
            .SelectMany(rule => ((YamlSequenceNode)rule["resources"]).Select(resource =>
                $"{((YamlSequenceNode)rule["apiGroups"])[0]}/{resource}:{string.Join(',', ((YamlSequenceNode)rule["verbs"]).Select(v => v.ToString()))}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                "/pods:get,list,watch",
                "/services:get,list,watch",
                "authentication.k8s.io/tokenreviews:create",
                "discovery.k8s.io/endpointslices:get,list,watch",
                "mesh.dev/accesspolicies:get,list,watch",
                "mesh.dev/destinationpolicies:get,list,watch",
                "mesh.dev/meshes:get,list,watch",
                "mesh.dev/meshservices:get,list,watch",
                "mesh.dev/ratelimits:get,list,watch",
                "mesh.dev/trafficroutes:get,list,watch",
            ],
            grants);
    }

    [Fact]
    public async Task Runs_replicas_spread_over_nodes_with_probes_requests_a_disruption_budget_and_the_shared_ca()
    {
        var documents = Parse((await CliRun.RunAsync("install")).Out);
        var pod = Node(Single(documents, "Deployment"), "spec", "template", "spec")!;
        var container = Node(pod, "containers", "0")!;

        Assert.Equal("kubernetes.io/hostname", Scalar(pod, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution", "0", "podAffinityTerm", "topologyKey"));
        Assert.Equal("/healthz", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("100m", Scalar(container, "resources", "requests", "cpu"));
        Assert.Equal(InstallOptions.CaSecret, Scalar(pod, "volumes", "0", "secret", "secretName"));
        Assert.Equal("/etc/mesh/ca", Scalar(container, "volumeMounts", "0", "mountPath"));
        Assert.Equal("1", Scalar(Single(documents, "PodDisruptionBudget"), "spec", "maxUnavailable"));
        var services = documents.Where(d => Scalar(d, "kind") == "Service").ToArray();
        Assert.Equal(["15010", "15014"], ((YamlSequenceNode)Node(services[0], "spec", "ports")!).Select(p => ((YamlMappingNode)p)["port"].ToString()));
        Assert.Equal("None", Scalar(services[1], "spec", "clusterIP"));
    }

    [Fact]
    public async Task Every_crd_schema_is_structural_so_the_api_server_prunes_and_validates_every_field()
    {
        var documents = Parse((await CliRun.RunAsync("install", "--crds-only")).Out);
        var checkedNodes = 0;
        foreach (var crd in documents)
        {
            var schema = (YamlMappingNode)Node(crd, "spec", "versions", "0", "schema", "openAPIV3Schema")!;
            Walk(schema, Scalar(crd, "metadata", "name"));
        }

        Assert.Equal(6, documents.Count);
        Assert.True(checkedNodes > 120, $"only {checkedNodes} schema nodes");

        void Walk(YamlMappingNode node, string path)
        {
            checkedNodes++;
            Assert.True(node.Children.ContainsKey("type"), $"{path} has no type");
            Assert.False(node.Children.ContainsKey("x-kubernetes-preserve-unknown-fields"), $"{path} keeps unknown fields");
            if (Node(node, "properties") is YamlMappingNode properties)
            {
                foreach (var (name, child) in properties.Children)
                {
                    Walk((YamlMappingNode)child, $"{path}.{name}");
                }
            }

            foreach (var key in new[] { "items", "additionalProperties" })
            {
                if (Node(node, key) is YamlMappingNode child)
                {
                    Walk(child, $"{path}.{key}");
                }
            }

            // Structural schemas allow only value validations under oneOf/allOf, never types or fields.
            foreach (var key in new[] { "oneOf", "allOf" })
            {
                if (Node(node, key) is YamlSequenceNode branches)
                {
                    Assert.All(branches.Cast<YamlMappingNode>(), b => Assert.All(b.Children.Keys, k => Assert.Contains(k.ToString(), new[] { "required", "oneOf" })));
                }
            }
        }
    }

    [Theory]
    [InlineData("--replicas", "0", "--replicas must be between 1 and 50")]
    [InlineData("--namespace", "Mesh_System", "is not a namespace name")]
    [InlineData("--environment", "prod env", "must be a name")]
    public async Task Refuses_bad_options_with_what_to_write_instead(string option, string value, string message)
    {
        var run = await CliRun.RunAsync("install", option, value);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    private static void AssertGolden(string path, string actual)
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {UpdateVariable}=1 to write it");
        var expected = File.ReadAllText(path);
        Assert.True(
            expected == actual,
            $"mesh install no longer prints {Path.GetRelativePath(RepoPaths.Root, path)}. If the change is intended, run the tests with {UpdateVariable}=1 (or `mesh install > {Path.GetRelativePath(RepoPaths.Root, path)}`) and commit the file.");
    }

    private static List<YamlMappingNode> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode))];
    }

    private static YamlMappingNode Single(List<YamlMappingNode> documents, string kind) =>
        Assert.Single(documents, d => Scalar(d, "kind") == kind);

    private static string Scalar(YamlNode node, params string[] path) =>
        Node(node, path) is YamlScalarNode { Value: { } value } ? value : throw new Xunit.Sdk.XunitException($"no scalar at {string.Join('.', path)}");

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var step in path)
        {
            current = current switch
            {
                YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode(step), out var child) => child,
                YamlSequenceNode sequence when int.TryParse(step, out var index) && index < sequence.Children.Count => sequence.Children[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
