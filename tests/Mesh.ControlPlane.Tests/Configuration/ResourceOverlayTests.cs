using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Configuration;

public sealed class ResourceOverlayTests : IDisposable
{
    private const string BasePolicy = """
        apiVersion: mesh.dev/v1alpha1
        kind: DestinationPolicy
        metadata: { name: catalog }
        spec:
          service: catalog
          loadBalancer: least_request
          circuitBreaker: { maxConnections: 100, maxPendingRequests: 50 }
        """;

    private const string BaseRoute = """
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: { name: catalog }
        spec:
          service: catalog
          rules:
            - destinations:
                - { subset: v1, weight: 90 }
                - { subset: v2, weight: 10 }
        """;

    private readonly ConfigDirectory directory = new();

    public ResourceOverlayTests() =>
        directory.Write("base/catalog.yaml", Yaml.Catalog).Write("base/policy.yaml", BasePolicy).Write("base/route.yaml", BaseRoute);

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Changed_weight_in_environment_keeps_the_base_fields_it_does_not_mention()
    {
        directory.Write("environments/dev/route.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              rules:
                - destinations:
                    - { subset: v1, weight: 50 }
                    - { subset: v2, weight: 50 }
            """);

        var config = directory.LoadValid("dev");

        var route = config.Routes["default/catalog"].Spec;
        Assert.Equal("catalog", route.Service);
        Assert.Equal([50u, 50u], route.Rules[0].Destinations.Select(d => d.Weight));
    }

    [Fact]
    public void Nested_maps_merge_field_by_field()
    {
        directory.Write("environments/prod/policy.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata: { name: catalog }
            spec:
              circuitBreaker: { maxConnections: 500 }
            """);

        var config = directory.LoadValid("prod");

        var policy = config.DestinationPolicies["default/catalog"].Spec;
        Assert.Equal(LoadBalancers.LeastRequest, policy.LoadBalancer);
        Assert.Equal(new CircuitBreakerSpec(500, 50, null, null), policy.CircuitBreaker);
    }

    [Fact]
    public void Lists_in_the_environment_replace_the_base_list()
    {
        directory.Write("environments/dev/catalog.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: catalog }
            spec:
              endpoints: [{ address: "10.0.0.1:80", labels: { version: v1 } }]
            """);

        var service = directory.LoadValid("dev").Services["default/catalog"].Spec;

        Assert.Equal("10.0.0.1:80", Assert.Single(service.Endpoints).Address);
        Assert.Equal(2, service.Subsets.Length);
        Assert.Equal("environments/dev/catalog.yaml", service.Endpoints[0].Location.File);
    }

    [Fact]
    public void Remove_annotation_deletes_the_base_resource()
    {
        directory.Write("environments/dev/no-policy.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata:
              name: catalog
              annotations: { mesh.dev/remove: "true" }
            """);

        var config = directory.LoadValid("dev");

        Assert.Empty(config.DestinationPolicies);
        Assert.Single(config.Routes);
    }

    [Fact]
    public void Remove_annotation_for_a_resource_the_base_lacks_is_an_error()
    {
        directory.Write("environments/dev/no-limit.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: RateLimit
            metadata:
              name: catalog
              annotations: { mesh.dev/remove: "true" }
            """);

        directory.LoadError("environments/dev/no-limit.yaml:5:35", "metadata.annotations.mesh.dev/remove", "base declares no such resource", "dev");
    }

    [Fact]
    public void Resource_only_in_the_environment_is_added()
    {
        directory.Write("environments/dev/limit.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: RateLimit
            metadata: { name: catalog }
            spec: { service: catalog, requestsPerSecond: 5 }
            """);

        Assert.Equal(5, directory.LoadValid("dev").RateLimits["default/catalog"].Spec.RequestsPerSecond);
    }

    [Fact]
    public void Same_name_in_another_namespace_is_a_different_resource()
    {
        directory.Write("environments/dev/other.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: catalog, namespace: staging }
            spec: {}
            """);

        var config = directory.LoadValid("dev");

        Assert.Equal<string>(["default/catalog", "staging/catalog"], config.Services.Keys);
        Assert.Equal(2, config.Services["default/catalog"].Spec.Endpoints.Length);
    }

    [Fact]
    public void Error_in_an_overriding_value_points_at_the_environment_file()
    {
        directory.Write("environments/dev/catalog.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              rules:
                - destinations:
                    - { subset: v1, weight: 80 }
                    - { subset: v2, weight: -5 }
            """);

        var error = directory.LoadError("environments/dev/catalog.yaml:8:33", "spec.rules[0].destinations[1].weight", "weight must be ≥ 0", "dev");

        Assert.Equal("environments/dev/catalog.yaml:8:33: spec.rules[0].destinations[1].weight: weight must be ≥ 0, got -5", error.ToString());
    }

    [Fact]
    public void Error_in_a_base_value_the_environment_keeps_points_at_the_base_file()
    {
        directory.Write("base/policy.yaml", BasePolicy.Replace("maxPendingRequests: 50", "maxPendingRequests: -1", StringComparison.Ordinal))
            .Write("environments/dev/policy.yaml", """
                apiVersion: mesh.dev/v1alpha1
                kind: DestinationPolicy
                metadata: { name: catalog }
                spec:
                  circuitBreaker: { maxConnections: 7, bogus: 1 }
                """);

        var result = directory.Load("dev");

        Assert.Equal(
            [
                "base/policy.yaml:7:62: spec.circuitBreaker.maxPendingRequests: maxPendingRequests must be ≥ 0, got -1",
                "environments/dev/policy.yaml:5:40: spec.circuitBreaker.bogus: unknown field 'bogus'; allowed fields here are: maxConnections, maxPendingRequests, maxRequests, maxRetries",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Duplicate_resource_within_one_layer_names_both_files()
    {
        directory.Write("base/again.yaml", BaseRoute);

        var error = directory.LoadError("base/route.yaml:3:19", "metadata.name", "duplicate TrafficRoute default/catalog");

        Assert.Contains("base/again.yaml:1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_resource_in_base_and_environment_is_not_a_duplicate()
    {
        directory.Write("environments/dev/route.yaml", BaseRoute);

        Assert.Single(directory.LoadValid("dev").Routes);
    }

    [Fact]
    public void Remove_annotation_in_the_base_is_an_error()
    {
        directory.Write("base/limit.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: RateLimit
            metadata: { name: catalog, annotations: { mesh.dev/remove: "true" } }
            spec: { service: catalog, requestsPerSecond: 5 }
            """);

        directory.LoadError("base/limit.yaml:3:60", "metadata.annotations.mesh.dev/remove", "only applies in an environment");
    }
}
