namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>One test per class of error the binders report; each checks file, line, field path and message.</summary>
public sealed class BindingErrorTests : IDisposable
{
    private readonly ConfigDirectory directory = new();

    public BindingErrorTests() => directory.Write("catalog.yaml", Yaml.Catalog);

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Rejects_a_wrong_api_version()
    {
        directory.Write("x.yaml", "apiVersion: v1\nkind: MeshService\nmetadata: { name: x }\nspec: {}\n");

        directory.LoadError("x.yaml:1:13", "apiVersion", "apiVersion must be mesh.dev/v1alpha1, got 'v1'");
    }

    [Fact]
    public void Rejects_a_missing_api_version()
    {
        directory.Write("x.yaml", "kind: MeshService\nmetadata: { name: x }\nspec: {}\n");

        directory.LoadError("x.yaml:1:1", "apiVersion", "apiVersion is required");
    }

    [Fact]
    public void Rejects_an_unknown_kind_listing_the_known_ones()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: VirtualService\nmetadata: { name: x }\nspec: {}\n");

        directory.LoadError("x.yaml:2:7", "kind", "unknown kind 'VirtualService'; known kinds are Mesh, MeshService, TrafficRoute");
    }

    [Fact]
    public void Rejects_an_unknown_top_level_field()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { name: x }\nspec: {}\nstatus: {}\n");

        directory.LoadError("x.yaml:5:1", "status", "unknown field 'status'; allowed fields here are: apiVersion, kind, metadata, spec");
    }

    [Fact]
    public void Rejects_an_unknown_field_deep_in_a_rule_naming_its_path()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules:
                - match:
                    path: { prefix: /a, suffix: .json }
                  destinations: [{ weight: 1 }]
            """);

        directory.LoadError("x.yaml:8:29", "spec.rules[0].match.path.suffix", "allowed fields here are: prefix, exact, regex");
    }

    [Fact]
    public void Rejects_a_value_of_the_wrong_type()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: x }
            spec:
              ports: [{ name: http, port: eighty }]
            """);

        directory.LoadError("x.yaml:5", "spec.ports[0].port", "port must be an integer, got 'eighty'");
    }

    [Fact]
    public void Rejects_a_mapping_where_a_list_belongs()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules: { destinations: [] }
            """);

        directory.LoadError("x.yaml:6:10", "spec.rules", "rules must be a list, got a mapping");
    }

    [Fact]
    public void Requires_metadata_name()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { namespace: shop }\nspec: {}\n");

        directory.LoadError("x.yaml:3:11", "metadata.name", "name is required");
    }

    [Fact]
    public void Rejects_a_name_that_is_not_dns_style()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { name: My_Service }\nspec: {}\n");

        directory.LoadError("x.yaml:3:19", "metadata.name", "use lowercase letters, digits");
    }

    [Fact]
    public void Requires_a_destination_weight()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules:
                - destinations: [{ subset: v1 }]
            """);

        directory.LoadError("x.yaml:7", "spec.rules[0].destinations[0].weight", "weight is required");
    }

    [Fact]
    public void Rejects_all_zero_weights_in_a_rule()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules:
                - destinations: [{ subset: v1, weight: 0 }, { subset: v2, weight: 0 }]
            """);

        directory.LoadError("x.yaml:7", "spec.rules[0].destinations", "every destination has weight 0");
    }

    [Theory]
    [InlineData("2 sec")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("1.5s")]
    public void Rejects_a_malformed_or_non_positive_duration(string timeout)
    {
        directory.Write("x.yaml", $$"""
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: { name: catalog }
            spec:
              service: catalog
              rules:
                - destinations: [{ weight: 1 }]
                  timeout: "{{timeout}}"
            """);

        directory.LoadError("x.yaml:8", "spec.rules[0].timeout", "timeout must be a positive duration like 250ms, 2s, 1m, 1h or 1m30s");
    }

    [Theory]
    [InlineData("Mesh", "spec: { mtls: on }", "spec.mtls", "mtls must be one of off, permissive, strict; got 'on'")]
    [InlineData("MeshService", "spec: { ports: [{ name: a, protocol: tcp }] }", "spec.ports[0].protocol", "protocol must be one of http, http2, grpc")]
    [InlineData("DestinationPolicy", "spec: { service: catalog, loadBalancer: maglev }", "spec.loadBalancer", "loadBalancer must be one of round_robin, least_request, ring_hash, random")]
    [InlineData("AccessPolicy", "spec: { service: catalog, action: permit }", "spec.action", "action must be one of allow, deny")]
    public void Rejects_an_unknown_enum_value_listing_the_allowed_ones(string kind, string spec, string field, string message)
    {
        var name = kind switch
        {
            "Mesh" => "default",
            "MeshService" => "x",
            _ => "catalog",
        };
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: {kind}\nmetadata: {{ name: {name} }}\n{spec}\n");

        directory.LoadError("x.yaml:4", field, message);
    }

    [Theory]
    [InlineData("localhost", "must be host:port")]
    [InlineData("::1:8080", "write it as [::1]:8080")]
    [InlineData("127.0.0.1:99999", "port between 1 and 65535")]
    [InlineData("[::1:80", "unclosed '['")]
    public void Rejects_a_malformed_endpoint_address(string address, string message)
    {
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: {{ name: x }}\nspec:\n  endpoints:\n    - address: \"{address}\"\n");

        directory.LoadError("x.yaml:6:16", "spec.endpoints[0].address", message);
    }

    [Fact]
    public void Accepts_a_bracketed_ipv6_endpoint_and_defaults_its_weight()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { name: x }\nspec:\n  endpoints: [{ address: \"[::1]:8080\" }]\n");

        var endpoint = directory.LoadValid().Services["default/x"].Spec.Endpoints[0];

        Assert.Equal(("::1", 8080, 1u, "[::1]:8080"), (endpoint.Host, endpoint.Port, endpoint.Weight, endpoint.Address));
    }

    [Fact]
    public void Rejects_an_endpoint_weight_of_zero()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: { name: x }\nspec:\n  endpoints: [{ address: \"a:1\", weight: 0 }]\n");

        directory.LoadError("x.yaml:5", "spec.endpoints[0].weight", "weight must be ≥ 1, got 0");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void Rejects_a_port_outside_1_to_65535(string port)
    {
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: {{ name: x }}\nspec:\n  ports: [{{ name: http, port: {port} }}]\n");

        directory.LoadError("x.yaml:5", "spec.ports[0].port", "port must be");
    }

    [Theory]
    [InlineData("ports", "{ name: http }, { name: http }")]
    [InlineData("subsets", "{ name: v1 }, { name: v1 }")]
    public void Rejects_duplicate_port_and_subset_names(string list, string items)
    {
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: MeshService\nmetadata: {{ name: x }}\nspec:\n  {list}: [{items}]\n");

        directory.LoadError("x.yaml:5", $"spec.{list}[1].name", $"already used by spec.{list}[0]");
    }

    [Theory]
    [InlineData("{ }", "it sets none")]
    [InlineData("{ prefix: /a, exact: /a }", "it sets prefix and exact")]
    public void Requires_exactly_one_kind_of_path_match(string path, string message)
    {
        directory.Write("x.yaml", RouteWithMatch($"path: {path}"));

        directory.LoadError("x.yaml:8", "spec.rules[0].match.path", $"path must set exactly one of prefix, exact, regex; {message}");
    }

    [Fact]
    public void Requires_path_prefix_to_start_with_a_slash()
    {
        directory.Write("x.yaml", RouteWithMatch("path: { prefix: api }"));

        directory.LoadError("x.yaml:8", "spec.rules[0].match.path.prefix", "prefix must start with '/', got 'api'; write '/api'");
    }

    [Fact]
    public void Requires_exactly_one_kind_of_header_match()
    {
        directory.Write("x.yaml", RouteWithMatch("headers: { x-user: { exact: a, present: true } }"));

        directory.LoadError("x.yaml:8", "spec.rules[0].match.headers.x-user", "x-user must set exactly one of exact, prefix, regex, present");
    }

    [Fact]
    public void Rejects_a_header_matched_twice_in_different_case()
    {
        directory.Write("x.yaml", RouteWithMatch("headers: { x-user: { exact: a }, X-User: { present: true } }"));

        directory.LoadError("x.yaml:8", "spec.rules[0].match.headers.X-User", "header 'X-User' is matched twice");
    }

    [Theory]
    [InlineData("path: { regex: \"^/items/[0-9+$\" }", "spec.rules[0].match.path.regex")]
    [InlineData("headers: { x-id: { regex: \"(unclosed\" } }", "spec.rules[0].match.headers.x-id.regex")]
    public void Rejects_an_invalid_regex(string match, string field)
    {
        directory.Write("x.yaml", RouteWithMatch(match));

        directory.LoadError("x.yaml:8", field, "is not a valid regular expression");
    }

    [Fact]
    public void Rejects_an_unknown_http_method()
    {
        directory.Write("x.yaml", RouteWithMatch("method: FETCH"));

        directory.LoadError("x.yaml:8", "spec.rules[0].match.method", "method must be one of GET");
    }

    [Theory]
    [InlineData("fault: { abort: { percent: 150, httpStatus: 503 } }", "spec.rules[0].fault.abort.percent", "percent must be ≤ 100, got 150")]
    [InlineData("fault: { delay: { percent: -1, fixedDelay: 1s } }", "spec.rules[0].fault.delay.percent", "percent must be ≥ 0, got -1")]
    [InlineData("fault: { abort: { percent: 5 } }", "spec.rules[0].fault.abort", "abort must set exactly one of httpStatus, grpcStatus")]
    [InlineData("retries: { attempts: -1 }", "spec.rules[0].retries.attempts", "attempts must be ≥ 0, got -1")]
    [InlineData("retries: { attempts: 1, budgetPercent: 120 }", "spec.rules[0].retries.budgetPercent", "budgetPercent must be ≤ 100, got 120")]
    [InlineData("retries: { attempts: 1, retryOn: [5xx, oops] }", "spec.rules[0].retries.retryOn[1]", "unknown retry condition 'oops'; use one of 5xx, gateway-error")]
    [InlineData("retries: { attempts: 1, retryNonIdempotent: maybe }", "spec.rules[0].retries.retryNonIdempotent", "true or false")]
    public void Rejects_out_of_range_rule_policies(string policy, string field, string message)
    {
        directory.Write("x.yaml", $"""
            apiVersion: mesh.dev/v1alpha1
            kind: TrafficRoute
            metadata: {"{"} name: catalog {"}"}
            spec:
              service: catalog
              rules:
                - destinations: [{"{"} weight: 1 {"}"}]
                  {policy}
            """);

        directory.LoadError("x.yaml:8", field, message);
    }

    [Theory]
    [InlineData("circuitBreaker: { maxConnections: -1 }", "spec.circuitBreaker.maxConnections", "maxConnections must be ≥ 0, got -1")]
    [InlineData("outlierDetection: { consecutive5xx: -3 }", "spec.outlierDetection.consecutive5xx", "consecutive5xx must be ≥ 0, got -3")]
    [InlineData("outlierDetection: { maxEjectionPercent: 101 }", "spec.outlierDetection.maxEjectionPercent", "maxEjectionPercent must be ≤ 100, got 101")]
    [InlineData("localityPreference: maybe", "spec.localityPreference", "localityPreference must be true or false, got 'maybe'")]
    public void Rejects_out_of_range_destination_policy_values(string setting, string field, string message)
    {
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: DestinationPolicy\nmetadata: {{ name: catalog }}\nspec:\n  service: catalog\n  {setting}\n");

        directory.LoadError("x.yaml:6", field, message);
    }

    [Fact]
    public void Rejects_a_tracing_sampling_percent_above_100()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec: { tracing: { samplingPercent: 100.5 } }\n");

        directory.LoadError("x.yaml:4", "spec.tracing.samplingPercent", "samplingPercent must be ≤ 100, got 100.5");
    }

    [Theory]
    [InlineData("{ identity: \"spiffe://shop.local/sa/a\", service: web }", "spec.from[0]", "from[0] must set exactly one of identity, service; it sets identity and service")]
    [InlineData("{ }", "spec.from[0]", "it sets none")]
    [InlineData("{ identity: \"shop.local/sa/a\" }", "spec.from[0].identity", "identity must be a SPIFFE ID starting with spiffe://")]
    public void Rejects_an_access_source_without_exactly_one_spiffe_identity_or_service(string source, string field, string message)
    {
        directory.Write("x.yaml", $"apiVersion: mesh.dev/v1alpha1\nkind: AccessPolicy\nmetadata: {{ name: callers }}\nspec:\n  service: catalog\n  action: deny\n  from: [{source}]\n");

        directory.LoadError("x.yaml:7", field, message);
    }

    [Fact]
    public void Rejects_an_invalid_regex_in_an_access_target_header()
    {
        directory.Write("x.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: AccessPolicy\nmetadata: { name: callers }\nspec:\n  service: catalog\n  action: allow\n  to: [{ headers: { x-tenant: { regex: \"(unclosed\" } } }]\n");

        directory.LoadError("x.yaml:7", "spec.to[0].headers.x-tenant.regex", "is not a valid regular expression");
    }

    [Fact]
    public void Reports_every_error_of_a_resource_not_just_the_first()
    {
        directory.Write("x.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: RateLimit
            metadata: { name: catalog }
            spec: { service: catalog, requestsPerSecond: fast, burst: 0, extra: 1 }
            """);

        var result = directory.Load();

        Assert.Equal<string>(["spec.requestsPerSecond", "spec.burst", "spec.extra"], result.Errors.Select(e => e.Field));
    }

    private static string RouteWithMatch(string match) => $"""
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: {"{"} name: catalog {"}"}
        spec:
          service: catalog
          rules:
            - match:
                {match}
              destinations: [{"{"} weight: 1 {"}"}]
        """;
}
