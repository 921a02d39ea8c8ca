using System.Collections.Immutable;
using Envoy.Extensions.Retry.Host.PreviousHosts.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;
using ConfigRetryPolicy = Mesh.ControlPlane.Configuration.RetryPolicy;
using ConfigRouteMatch = Mesh.ControlPlane.Configuration.RouteMatch;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class RetryTranslationTests
{
    private readonly SnapshotTranslator _translator = new();

    [Theory]
    [InlineData(nameof(ClientKind.GrpcProxyless))]
    [InlineData(nameof(ClientKind.Envoy))]
    [InlineData(nameof(ClientKind.MeshSdk))]
    public void Backs_off_from_25_ms_up_to_250_ms_as_envoy_does(string kindName)
    {
        var config = WithRetries(new ConfigRetryPolicy(2, null, ["unavailable"], null));

        var policy = OnlyRoute(_translator.Translate(config, Enum.Parse<ClientKind>(kindName))).Route_.RetryPolicy;

        Assert.Equal(TimeSpan.FromMilliseconds(25), policy.RetryBackOff.BaseInterval.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.RetryBackOff.MaxInterval.ToTimeSpan());
    }

    [Theory]
    [InlineData(nameof(ClientKind.Envoy))]
    [InlineData(nameof(ClientKind.MeshSdk))]
    public void Retries_on_an_endpoint_no_earlier_attempt_used(string kindName)
    {
        var config = WithRetries(new ConfigRetryPolicy(2, null, ["5xx"], null));

        var policy = OnlyRoute(_translator.Translate(config, Enum.Parse<ClientKind>(kindName))).Route_.RetryPolicy;

        var predicate = Assert.Single(policy.RetryHostPredicate);
        Assert.Equal("envoy.retry_host_predicates.previous_hosts", predicate.Name);
        Assert.True(predicate.TypedConfig.Is(PreviousHostsPredicate.Descriptor));
        Assert.Equal(3, policy.HostSelectionRetryMaxAttempts);
    }

    [Theory]
    [InlineData(nameof(ClientKind.MeshSdk), "5xx,non-idempotent")]
    [InlineData(nameof(ClientKind.Envoy), "5xx")]
    public void Lets_only_the_sdk_retry_methods_that_are_not_idempotent_when_the_rule_allows_it(string kindName, string retryOn)
    {
        var config = WithRetries(new ConfigRetryPolicy(2, null, ["5xx"], null) { RetryNonIdempotent = true });

        var policy = OnlyRoute(_translator.Translate(config, Enum.Parse<ClientKind>(kindName))).Route_.RetryPolicy;

        Assert.Equal(retryOn, policy.RetryOn);
    }

    [Fact]
    public void Gives_grpc_clients_no_host_predicate_they_would_not_run()
    {
        var config = WithRetries(new ConfigRetryPolicy(2, null, ["unavailable"], 20));

        var set = _translator.Translate(config, ClientKind.GrpcProxyless);

        var policy = OnlyRoute(set).Route_.RetryPolicy;
        Assert.Empty(policy.RetryHostPredicate);
        Assert.Equal(0, policy.HostSelectionRetryMaxAttempts);
        Assert.Null(set.Cluster("echo.default|v1").CircuitBreakers);
    }

    [Fact]
    public void Puts_the_retry_budget_on_the_clusters_the_rule_sends_to()
    {
        var config = With(Echo(), [Route(Rule(null, [To("v1", 100), To("v2", 0)], retries: new ConfigRetryPolicy(2, null, ["5xx"], 20)))]);

        var set = _translator.Translate(config, ClientKind.Envoy);

        var thresholds = Assert.Single(set.Cluster("echo.default|v1").CircuitBreakers.Thresholds);
        Assert.Equal(20.0, thresholds.RetryBudget.BudgetPercent.Value);
        Assert.Equal(3u, thresholds.RetryBudget.MinRetryConcurrency);
        Assert.Null(thresholds.MaxRetries);
        Assert.Null(set.Cluster("echo.default|v2").CircuitBreakers);
        Assert.Null(set.Cluster("echo.default").CircuitBreakers);
    }

    [Fact]
    public void Keeps_the_smallest_budget_when_rules_disagree_and_keeps_circuit_breaker_limits_beside_it()
    {
        var config = With(
            Echo(),
            [Route(
                Rule(Match("/a"), [To("v1", 100)], retries: new ConfigRetryPolicy(2, null, ["5xx"], 30)),
                Rule(null, [To("v1", 100)], retries: new ConfigRetryPolicy(2, null, ["5xx"], 10)))],
            [new DestinationPolicy(Metadata("echo"), new DestinationPolicySpec("echo", null, null, null, new CircuitBreakerSpec(null, null, 100, 3), null))]);

        var thresholds = Assert.Single(_translator.Translate(config, ClientKind.MeshSdk).Cluster("echo.default|v1").CircuitBreakers.Thresholds);

        Assert.Equal(10.0, thresholds.RetryBudget.BudgetPercent.Value);
        Assert.Equal(100u, thresholds.MaxRequests);
        Assert.Equal(3u, thresholds.MaxRetries);
    }

    [Fact]
    public void Gives_the_mesh_default_budget_to_the_whole_service_cluster()
    {
        var mesh = MeshSpec.Default with { DefaultRetries = new ConfigRetryPolicy(2, null, ["reset"], 25) };

        var cluster = _translator.Translate(With(Echo(), mesh: mesh), ClientKind.Envoy).Cluster("echo.default");

        Assert.Equal(25.0, cluster.CircuitBreakers.Thresholds.Single().RetryBudget.BudgetPercent.Value);
        Assert.Equal(Envoy.Config.Core.V3.RoutingPriority.Default, cluster.CircuitBreakers.Thresholds.Single().Priority);
    }

    private static ConfigRouteMatch Match(string prefix) =>
        new(new PathMatch(prefix, null, null), null, ImmutableSortedDictionary<string, HeaderMatch>.Empty);

    private static MeshConfig WithRetries(ConfigRetryPolicy retries) =>
        With(Echo(), [Route(Rule(null, [To("v1", 100)], retries: retries))]);

    private static Envoy.Config.Route.V3.Route OnlyRoute(XdsResourceSet set) =>
        Assert.Single(set.RouteConfiguration("echo.default").VirtualHosts.Single().Routes);
}
