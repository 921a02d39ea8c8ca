using System.Text.Json;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Configuration;

public sealed class MeshConfigLoaderTests : IDisposable
{
    // CONFIG.md's full example, with the apiVersion every document needs and the `ordering` service
    // its AccessPolicy names (CONFIG.md leaves both out for brevity).
    private const string ConfigMdExample = """
        apiVersion: mesh.dev/v1alpha1
        kind: Mesh                       # one per environment, name "default"
        spec:
          trustDomain: shop.local
          mtls: permissive               # off | permissive | strict
          tracing: { samplingPercent: 10 }
          defaults:                      # applied where a route/policy says nothing
            timeout: 15s
            retries: { attempts: 2, retryOn: [connect-failure, reset] }
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: { name: catalog }
        spec:
          ports: [{ name: http, port: 8080, protocol: http }]      # protocol: http | http2 | grpc
          subsets:
            - { name: v1, labels: { version: v1 } }
            - { name: v2, labels: { version: v2 } }
          endpoints:                     # universal mode; on Kubernetes, endpoints come from EndpointSlices
            - { address: "127.0.0.1:5101", labels: { version: v1 }, locality: { region: us-east-1, zone: us-east-1a }, weight: 1 }
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: { name: ordering }
        spec:
          ports: [{ name: http, port: 8081, protocol: http }]
          endpoints: [{ address: "127.0.0.1:5201" }]
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: { name: catalog }
        spec:
          service: catalog
          rules:                         # first match wins; a rule without match matches everything
            - match:
                path: { prefix: /api/ }              # or exact: /x, or regex: "^/items/[0-9]+$"
                method: GET
                headers: { x-user: { exact: beta } } # exact | prefix | regex | present: true
              destinations: [{ subset: v2, weight: 100 }]
            - destinations:
                - { subset: v1, weight: 90 }
                - { subset: v2, weight: 10 }
              timeout: 2s
              retries: { attempts: 3, perTryTimeout: 500ms, retryOn: [5xx, reset, connect-failure, unavailable], budgetPercent: 20 }
              fault: { abort: { percent: 10, httpStatus: 503 }, delay: { percent: 10, fixedDelay: 100ms }, onlyWithHeader: { x-fault: "on" } }
              hashOn: { header: x-user-id }          # for ring_hash
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: DestinationPolicy
        metadata: { name: catalog }
        spec:
          service: catalog
          subset: v2                     # optional; without it the policy covers every subset
          loadBalancer: least_request    # round_robin | least_request | ring_hash | random
          localityPreference: true
          circuitBreaker: { maxConnections: 100, maxPendingRequests: 50, maxRequests: 100, maxRetries: 3 }
          outlierDetection: { consecutive5xx: 5, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50 }
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: AccessPolicy
        metadata: { name: ordering-callers }
        spec:
          service: ordering
          action: allow                  # allow | deny (deny wins)
          from: [{ identity: "spiffe://shop.local/ns/default/sa/basket" }, { service: web }]
          to: [{ methods: [POST], paths: ["/api/orders", "/api/orders/*"] }]
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: RateLimit
        metadata: { name: catalog }
        spec: { service: catalog, requestsPerSecond: 100, burst: 20 }
        """;

    private readonly ConfigDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Loads_the_interop_example_from_a_flat_directory()
    {
        var config = directory.Write("echo.yaml", Yaml.Interop).LoadValid();

        Assert.Equal(string.Empty, config.Environment);
        var echo = config.Services["default/echo"];
        Assert.Equal(ServiceProtocol.Grpc, Assert.Single(echo.Spec.Ports).Protocol);
        Assert.Null(echo.Spec.Ports[0].Port);
        Assert.Equal<string>(["127.0.0.1:50051", "127.0.0.1:50052"], echo.Spec.Endpoints.Select(e => e.Address));
        Assert.All(echo.Spec.Endpoints, e => Assert.Equal(1u, e.Weight));
        var rule = Assert.Single(config.Routes["default/echo"].Spec.Rules);
        Assert.Equal([("v1", 80u), ("v2", 20u)], rule.Destinations.Select(d => (d.Subset, d.Weight)));
        Assert.Equal(MeshSpec.Default, config.Mesh);
    }

    [Fact]
    public void Loads_every_kind_of_the_config_reference_example()
    {
        var config = directory.Write("mesh.yaml", ConfigMdExample).LoadValid();

        Assert.Equal(new MeshSpec("shop.local", MtlsMode.Permissive, 10, TimeSpan.FromSeconds(15), config.Mesh.DefaultRetries), config.Mesh);
        Assert.Equal<string>(["connect-failure", "reset"], config.Mesh.DefaultRetries!.RetryOn);
        Assert.Equal<string>(["default/catalog", "default/ordering"], config.Services.Keys);
        Assert.Equal(new EndpointLocality("us-east-1", "us-east-1a", string.Empty), config.Services["default/catalog"].Spec.Endpoints[0].Locality);

        var rules = config.Routes["default/catalog"].Spec.Rules;
        Assert.Equal("/api/", rules[0].Match!.Path!.Prefix);
        Assert.Equal("GET", rules[0].Match!.Method);
        Assert.Equal("beta", rules[0].Match!.Headers["x-user"].Exact);
        Assert.Null(rules[1].Match);
        Assert.Equal(TimeSpan.FromSeconds(2), rules[1].Timeout);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromMilliseconds(500), rules[1].Retries!.RetryOn, 20), rules[1].Retries);
        Assert.Equal<string>(["5xx", "reset", "connect-failure", "unavailable"], rules[1].Retries!.RetryOn);
        Assert.Equal(new FaultAbort(10, 503, null), rules[1].Fault!.Abort);
        Assert.Equal(new FaultDelay(10, TimeSpan.FromMilliseconds(100)), rules[1].Fault!.Delay);
        Assert.Equal("on", rules[1].Fault!.OnlyWithHeader["x-fault"]);
        Assert.Equal("x-user-id", rules[1].HashOn!.Header);

        var policy = config.DestinationPolicies["default/catalog"].Spec;
        Assert.Equal(new DestinationPolicySpec("catalog", "v2", LoadBalancers.LeastRequest, true, new CircuitBreakerSpec(100, 50, 100, 3),
            new OutlierDetectionSpec(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 50)), policy);

        var access = config.AccessPolicies["default/ordering-callers"].Spec;
        Assert.Equal(AccessAction.Allow, access.Action);
        Assert.Equal<AccessSource>([new AccessSource("spiffe://shop.local/ns/default/sa/basket", null), new AccessSource(null, "web")], access.From);
        Assert.Equal<string>(["/api/orders", "/api/orders/*"], Assert.Single(access.To).Paths);

        Assert.Equal(new RateLimitSpec("catalog", 100, 20), config.RateLimits["default/catalog"].Spec);
    }

    [Fact]
    public void Reads_many_documents_per_file_and_skips_empty_ones()
    {
        directory.Write("all.yml", "---\n# nothing here\n---\n" + Yaml.Catalog + "\n---\n---\n" + """
            apiVersion: mesh.dev/v1alpha1
            kind: RateLimit
            metadata: { name: catalog, namespace: shop }
            spec: { service: catalog, requestsPerSecond: 2.5 }
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: catalog, namespace: shop }
            spec: {}
            """);

        var config = directory.LoadValid();

        Assert.Equal<string>(["default/catalog", "shop/catalog"], config.Services.Keys);
        Assert.Equal(new RateLimitSpec("catalog", 2.5, 3), config.RateLimits["shop/catalog"].Spec);
    }

    [Fact]
    public void Reads_a_flat_directory_recursively_including_every_yaml_file()
    {
        directory.Write("services/catalog.yaml", Yaml.Catalog)
            .Write("routes/deep/catalog.YML", """
                apiVersion: mesh.dev/v1alpha1
                kind: TrafficRoute
                metadata: { name: catalog }
                spec: { service: catalog, rules: [{ destinations: [{ subset: v1, weight: 1 }] }] }
                """)
            .Write("README.md", "not yaml");

        var result = directory.Load();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal<string>(["routes/deep/catalog.YML", "services/catalog.yaml"], result.Files);
        Assert.Single(result.Config.Routes);
    }

    [Fact]
    public void Loads_base_only_when_no_environment_is_named()
    {
        directory.Write("base/catalog.yaml", Yaml.Catalog)
            .Write("environments/dev/broken.yaml", "kind: Nonsense");

        var result = directory.Load();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal<string>(["base/catalog.yaml"], result.Files);
        Assert.Equal(string.Empty, result.Config.Environment);
    }

    [Fact]
    public void Names_the_environment_directory_when_the_environment_is_missing()
    {
        directory.Write("base/catalog.yaml", Yaml.Catalog).Write("environments/dev/x.yaml", Yaml.Catalog);

        var error = directory.LoadError("environments/staging", string.Empty, "environment 'staging' not found", "staging");

        Assert.Contains("dev", error.Message, StringComparison.Ordinal);
        Assert.Equal("environments/staging: environment 'staging' not found: create environments/staging/ or pass one of: dev", error.ToString());
    }

    [Fact]
    public void Sets_the_environment_name_on_the_snapshot()
    {
        directory.Write("base/catalog.yaml", Yaml.Catalog).Write("environments/dev/empty.yaml", "# nothing yet\n");

        var result = directory.Load("dev");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("dev", result.Config.Environment);
        Assert.Equal<string>(["base/catalog.yaml", "environments/dev/empty.yaml"], result.Files);
    }

    [Fact]
    public void Reports_yaml_syntax_errors_with_file_and_line()
    {
        directory.Write("bad.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { name: x\nspec: {}\n");

        var error = directory.LoadError("bad.yaml:4", string.Empty, "invalid YAML");

        Assert.StartsWith("bad.yaml:4:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_duplicate_keys_as_yaml_errors()
    {
        directory.Write("dup.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nkind: MeshService\nmetadata: { name: x }\nspec: {}\n");

        directory.LoadError("dup.yaml:3", string.Empty, "invalid YAML");
    }

    [Fact]
    public void Stops_expanding_nested_aliases_before_they_exhaust_memory()
    {
        var yaml = new System.Text.StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 9; level++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        directory.Write("laughs.yaml", yaml.ToString());

        directory.LoadError("laughs.yaml:1:1", string.Empty, "expands to more than 200000 nodes");
    }

    [Fact]
    public void Rejects_a_mapping_key_that_is_not_a_string()
    {
        directory.Write("keys.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { name: x }\nspec: {}\n[a, b]: c\n");

        directory.LoadError("keys.yaml:5:1", string.Empty, "mapping keys must be plain strings");
    }

    [Fact]
    public void Rejects_a_document_that_is_not_a_mapping()
    {
        directory.Write("list.yaml", "- a\n- b\n");

        directory.LoadError("list.yaml:1:1", string.Empty, "must be a resource mapping");
    }

    [Fact]
    public void Collects_every_error_sorted_by_file_line_and_column()
    {
        directory.Write("b.yaml", """
                apiVersion: mesh.dev/v1alpha1
                kind: MeshService
                metadata: { name: b }
                spec:
                  ports: [{ name: http, port: 0 }]
                  colour: red
                """)
            .Write("a.yaml", """
                apiVersion: mesh.dev/v1alpha2
                kind: RateLimit
                metadata: { name: a }
                spec: { service: a, requestsPerSecond: -1 }
                """);

        var result = directory.Load();

        Assert.Equal(
            [
                "a.yaml:1:13: apiVersion: apiVersion must be mesh.dev/v1alpha1, got 'mesh.dev/v1alpha2'",
                "a.yaml:4:40: spec.requestsPerSecond: requestsPerSecond must be ≥ 0, got -1",
                "b.yaml:5:31: spec.ports[0].port: port must be ≥ 1, got 0",
                "b.yaml:6:3: spec.colour: unknown field 'colour'; allowed fields here are: ports, subsets, endpoints, mtls",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Produces_equal_snapshots_from_the_same_files()
    {
        directory.Write("mesh.yaml", ConfigMdExample).Write("echo.yaml", Yaml.Interop);

        var first = JsonSerializer.Serialize(directory.LoadValid());
        var second = JsonSerializer.Serialize(directory.LoadValid());

        Assert.Equal(first, second);
        Assert.Equal<string>(["default/catalog", "default/echo", "default/ordering"], directory.LoadValid().Services.Keys);
    }
}
