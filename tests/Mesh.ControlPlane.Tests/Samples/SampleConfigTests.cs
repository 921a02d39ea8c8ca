using Mesh.ControlPlane.Configuration;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Samples;

/// <summary>The eShopMesh config that ships in samples/ loads in every environment, with the canary each one promises.</summary>
public sealed class SampleConfigTests
{
    private static readonly string SampleDirectory = Path.Combine(RepoPaths.Root, "samples", "eShopMesh", "mesh");

    [Theory]
    [InlineData("dev", 0u, 100u)]
    [InlineData("staging", 50u, 50u)]
    [InlineData("production", 90u, 10u)]
    public void Environment_loads_with_its_catalog_canary(string environment, uint v1Weight, uint v2Weight)
    {
        var result = new MeshConfigLoader().Load(SampleDirectory, environment);

        Assert.True(result.Config is not null, string.Join('\n', result.Errors));
        var route = result.Config.Routes["default/catalog"];
        var split = route.Spec.Rules[^1].Destinations.ToDictionary(d => d.Subset!, d => d.Weight);
        Assert.Equal(v1Weight, split["v1"]);
        Assert.Equal(v2Weight, split["v2"]);
        Assert.Equal(environment, result.Config.Environment);
        Assert.Equal(2, route.Spec.Rules[^1].Retries?.Attempts);
    }

    [Fact]
    public void Dev_rehearses_failures_behind_a_header_and_staging_and_production_tighten_the_breaker()
    {
        var loader = new MeshConfigLoader();
        var dev = loader.Load(SampleDirectory, "dev").Config!;
        var fault = dev.Routes["default/catalog"].Spec.Rules[^1].Fault;
        Assert.NotNull(fault);
        Assert.Equal("on", fault.OnlyWithHeader["x-fault"]);
        Assert.Equal(100u, dev.DestinationPolicies["default/catalog"].Spec.CircuitBreaker?.MaxRequests);

        foreach (var environment in new[] { "staging", "production" })
        {
            var config = loader.Load(SampleDirectory, environment).Config!;
            Assert.Null(config.Routes["default/catalog"].Spec.Rules[^1].Fault);
            var breaker = config.DestinationPolicies["default/catalog"].Spec.CircuitBreaker;
            Assert.Equal(50u, breaker?.MaxRequests);
            Assert.Equal(LoadBalancers.LeastRequest, config.DestinationPolicies["default/catalog"].Spec.LoadBalancer);
        }
    }

    [Theory]
    [InlineData("dev", MtlsModeName.Permissive)]
    [InlineData("staging", MtlsModeName.Strict)]
    [InlineData("production", MtlsModeName.Strict)]
    public void Staging_and_production_are_strict_mtls_and_only_basket_may_place_orders(string environment, MtlsModeName mode)
    {
        var config = new MeshConfigLoader().Load(SampleDirectory, environment).Config!;

        Assert.Equal(mode.ToString(), config.Mesh.Mtls.ToString());
        Assert.Equal(MtlsMode.Permissive, config.Services["default/webfrontend"].Spec.Mtls);
        var policy = config.AccessPolicies["default/ordering-callers"].Spec;
        Assert.Equal(AccessAction.Allow, policy.Action);
        Assert.Equal("basket", Assert.Single(policy.From).Service);
        Assert.Equal("POST", Assert.Single(Assert.Single(policy.To).Methods));
    }

    /// <summary>The modes by name, for test data (the config's own enum is internal).</summary>
    public enum MtlsModeName
    {
        Off,
        Permissive,
        Strict,
    }
}
