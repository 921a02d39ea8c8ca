namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>Errors that need the whole snapshot: references between resources and one-per-scope rules.</summary>
public sealed class SnapshotValidationTests : IDisposable
{
    private readonly ConfigDirectory directory = new();

    public SnapshotValidationTests() => directory.Write("catalog.yaml", Yaml.Catalog);

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("TrafficRoute", "rules: [{ destinations: [{ weight: 1 }] }]")]
    [InlineData("DestinationPolicy", "loadBalancer: random")]
    [InlineData("AccessPolicy", "action: allow")]
    [InlineData("RateLimit", "requestsPerSecond: 1")]
    public void Rejects_a_resource_naming_a_service_that_does_not_exist(string kind, string rest)
    {
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: {kind}\nmetadata: {{ name: x }}\nspec:\n  service: catalgo\n  {rest}\n");

        directory.LoadError(
            "x.yaml:5:12",
            "spec.service",
            "service 'catalgo' does not exist in namespace 'default' (declared: catalog); declare a MeshService named 'catalgo' or fix the name");
    }

    [Fact]
    public void Looks_services_up_in_the_resource_namespace()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: RateLimit\nmetadata: { name: x, namespace: shop }\nspec: { service: catalog, requestsPerSecond: 1 }\n");

        directory.LoadError("x.yaml:4:18", "spec.service", "does not exist in namespace 'shop' (none are declared)");
    }

    [Fact]
    public void Rejects_a_route_destination_naming_an_undefined_subset()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules:
                - destinations:
                    - { subset: v1, weight: 50 }
                    - { subset: v3, weight: 50 }
            """);

        directory.LoadError("x.yaml:9:21", "spec.rules[0].destinations[1].subset", "subset 'v3' is not defined by MeshService default/catalog (it defines v1, v2)");
    }

    [Fact]
    public void Rejects_a_destination_policy_naming_an_undefined_subset()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: DestinationPolicy\nmetadata: { name: x }\nspec: { service: catalog, subset: canary }\n");

        directory.LoadError("x.yaml:4:35", "spec.subset", "subset 'canary' is not defined by MeshService default/catalog");
    }

    [Fact]
    public void Rejects_two_traffic_routes_for_one_service()
    {
        const string Route = "apiVersion: mesh.dev/v1alpha1\nkind: TrafficRoute\nmetadata: {{ name: {0} }}\nspec: {{ service: catalog, rules: [{{ destinations: [{{ weight: 1 }}] }}] }}\n";
        directory.Write("a.yaml", string.Format(null, Route, "first")).Write("b.yaml", string.Format(null, Route, "second"));

        var error = directory.LoadError("b.yaml:4:18", "spec.service", "service 'catalog' already has TrafficRoute default/first");

        Assert.Contains("a.yaml:1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_second_mesh()
    {
        directory.Write("mesh.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: Mesh\nspec: {}\n---\napiVersion: mesh.dev/v1alpha1\nkind: Mesh\nmetadata: { name: default, namespace: other }\nspec: {}\n");

        directory.LoadError("mesh.yaml:5:1", "kind", "only one Mesh is allowed per environment, and one is already declared at mesh.yaml:1:1");
    }

    [Fact]
    public void Rejects_a_mesh_not_named_default()
    {
        directory.Write("mesh.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: Mesh\nmetadata: { name: prod }\nspec: { mtls: strict }\n");

        directory.LoadError("mesh.yaml:3:19", "metadata.name", "the Mesh resource must be named 'default', got 'prod'");
    }

    [Fact]
    public void Does_not_report_a_service_that_failed_to_bind_as_missing()
    {
        directory.Write("catalog.yaml", Yaml.Catalog.Replace("port: 8080", "port: -8080", StringComparison.Ordinal))
            .Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: RateLimit\nmetadata: { name: x }\nspec: { service: catalog, requestsPerSecond: 1 }\n");

        var result = directory.Load();

        Assert.Equal("spec.ports[0].port", Assert.Single(result.Errors).Field);
    }
}
