using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Binding;
using Mesh.ControlPlane.Configuration.Loading;
using Mesh.ControlPlane.Configuration.Yaml;
using Mesh.ControlPlane.Sources.Kubernetes.Manifests;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Sources.Kubernetes.Manifests;

public sealed class MeshCrdSchemasTests
{
    private const string Probe = "zzProbe";
    private const string UnknownProbe = $"unknown field '{Probe}'; allowed fields here are: ";

    public static TheoryData<string> Kinds => [ResourceKinds.Mesh, ResourceKinds.MeshService, ResourceKinds.TrafficRoute, ResourceKinds.DestinationPolicy, ResourceKinds.AccessPolicy, ResourceKinds.RateLimit];

    /// <summary>
    /// Feeds the binder a document with every field the schema declares plus an unknown one in each
    /// mapping: the binder names the fields it allows there, which must be the schema's, mapping by mapping.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_mapping_of_the_schema_allows_exactly_the_fields_the_binder_allows(string kind)
    {
        var schema = MeshCrdSchemas.Spec(kind);
        var declared = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var spec = ProbeNode(schema, "spec", declared);
        var errors = new List<ConfigError>();
        ResourceBinder.Bind(Document(kind, spec), errors);

        var allowed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var error in errors.Where(e => e.Message.StartsWith(UnknownProbe, StringComparison.Ordinal)))
        {
            var fields = error.Message[UnknownProbe.Length..].Split(", ").Order(StringComparer.Ordinal);
            allowed[error.Field[..^(Probe.Length + 1)]] = string.Join(", ", fields);
        }

        Assert.Equal(declared, allowed);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_sample_shop_config_satisfies_the_schemas_once_overlaid(string environment)
    {
        var root = Path.Combine(RepoPaths.Root, "samples", "eShopMesh", "mesh");
        var errors = new List<ConfigError>();
        var layers = ConfigDirectoryLayout.Discover(root, environment, errors)!;
        var documents = ResourceOverlay.Apply(Read(root, layers.BaseFiles, errors), Read(root, layers.EnvironmentFiles, errors), errors);
        Assert.Empty(errors);

        foreach (var document in documents)
        {
            var kind = ((ConfigScalar)document.Find("kind")!.Value).Value;
            var spec = document.Find("spec")?.Value ?? new ConfigMapping([], document.Location);
            var violations = SchemaCheck.Violations(MeshCrdSchemas.Spec(kind), spec);
            Assert.True(violations.Count == 0, $"{document.Location}: {string.Join("; ", violations)}");
        }

        Assert.True(documents.Count >= 7, $"only {documents.Count} documents checked");
    }

    [Theory]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [{ destinations: [{ subset: v1, weight: -5 }] }] }", "weight: below 0")]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [{ destinations: [{ subset: v1, weight: 1 }], timeout: 5 sec }] }", "timeout: does not match")]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [{ match: { method: FETCH }, destinations: [{ weight: 1 }] }] }", "method: not one of")]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [{ match: { path: { prefix: /a, exact: /b } }, destinations: [{ weight: 1 }] }] }", "exactly one of prefix, exact, regex")]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [{ destinations: [{ weight: 1 }], fault: { abort: { percent: 150, httpStatus: 503 } } }] }", "percent: above 100")]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [] }", "fewer than 1 items")]
    [InlineData("TrafficRoute", "{ rules: [{ destinations: [{ weight: 1 }] }] }", "spec.service: required")]
    [InlineData("TrafficRoute", "{ service: catalog, rules: [{ destinations: [{ weight: 1 }], retries: { attempts: 2, retryOn: [sometimes] } }] }", "not one of")]
    [InlineData("MeshService", "{ ports: [{ name: http, port: 70000 }] }", "port: above 65535")]
    [InlineData("MeshService", "{ endpoints: [{ address: nohost }] }", "address: does not match")]
    [InlineData("MeshService", "{ ports: [{ name: http, protocl: http }] }", "protocl: unknown field")]
    [InlineData("AccessPolicy", "{ service: ordering, action: allow, from: [{ identity: bob }] }", "identity: does not match")]
    [InlineData("AccessPolicy", "{ service: ordering, action: maybe }", "action: not one of")]
    [InlineData("DestinationPolicy", "{ service: catalog, loadBalancer: fastest }", "loadBalancer: not one of")]
    [InlineData("DestinationPolicy", "{ service: catalog, outlierDetection: { maxEjectionPercent: 101 } }", "maxEjectionPercent: above 100")]
    [InlineData("RateLimit", "{ service: catalog, requestsPerSecond: 0 }", "requestsPerSecond: below 0")]
    [InlineData("Mesh", "{ mtls: sometimes }", "mtls: not one of")]
    [InlineData("Mesh", "{ tracing: { samplingPercent: high } }", "must be of type number")]
    public void The_schema_refuses_what_the_binder_refuses(string kind, string specYaml, string violation)
    {
        var errors = new List<ConfigError>();
        var spec = YamlDocumentReader.Read(specYaml, "spec.yaml", errors).Single();
        Assert.Empty(errors);

        Assert.Contains(SchemaCheck.Violations(MeshCrdSchemas.Spec(kind), spec), v => v.Contains(violation, StringComparison.Ordinal));
        ResourceBinder.Bind(Document(kind, spec), errors);
        Assert.NotEmpty(errors);
    }

    private static List<ResourceDocument> Read(string root, ImmutableArray<string> files, List<ConfigError> errors) =>
        [.. files.SelectMany(file => YamlDocumentReader.Read(File.ReadAllText(Path.Combine(root, file)), file, errors)).OfType<ConfigMapping>().Select(ResourceDocument.From)];

    private static ConfigMapping Document(string kind, ConfigNode spec)
    {
        var at = new SourceLocation("probe", 1, 1);
        return new ConfigMapping(
            [
                new ConfigEntry("apiVersion", at, new ConfigScalar(ResourceKinds.ApiVersion, true, at)),
                new ConfigEntry("kind", at, new ConfigScalar(kind, true, at)),
                new ConfigEntry("metadata", at, new ConfigMapping([new ConfigEntry("name", at, new ConfigScalar("default", true, at))], at)),
                new ConfigEntry("spec", at, spec),
            ],
            at);
    }

    /// <summary>A node with every field of <paramref name="schema"/> set, recording each mapping's declared fields by path.</summary>
    private static ConfigNode ProbeNode(CrdSchema schema, string path, SortedDictionary<string, string> declared)
    {
        var at = new SourceLocation("probe", 1, 1);
        switch (schema.Type)
        {
            case "object" when schema.Values is { } values:
                return new ConfigMapping([new ConfigEntry("x-probe", at, ProbeNode(values, $"{path}.x-probe", declared))], at);
            case "object":
                declared[path] = string.Join(", ", schema.Properties.Select(p => p.Name).Order(StringComparer.Ordinal));
                ImmutableArray<ConfigEntry> entries =
                [
                    .. schema.Properties.Select(p => new ConfigEntry(p.Name, at, ProbeNode(p.Schema, $"{path}.{p.Name}", declared))),
                    new ConfigEntry(Probe, at, new ConfigScalar("x", false, at)),
                ];
                return new ConfigMapping(entries, at);
            case "array":
                return new ConfigSequence([ProbeNode(schema.Items!, $"{path}[0]", declared)], at);
            case "integer" or "number":
                return new ConfigScalar(schema.Minimum is > 1 ? ((long)schema.Minimum.Value).ToString(System.Globalization.CultureInfo.InvariantCulture) : "1", true, at);
            case "boolean":
                return new ConfigScalar("true", true, at);
            default:
                var text = !schema.Enum.IsEmpty ? schema.Enum[0]
                    : schema.Pattern == MeshCrdSchemas.DurationPattern ? "1s"
                    : schema.Pattern == MeshCrdSchemas.AddressPattern ? "10.0.0.1:80"
                    : schema.Pattern == "^/" ? "/x"
                    : "x";
                return new ConfigScalar(text, false, at);
        }
    }
}
