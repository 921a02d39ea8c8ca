using Envoy.Extensions.Filters.Http.LocalRatelimit.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class RateLimitTranslationTests
{
    private const string RateLimitFilter = "envoy.filters.http.local_ratelimit";

    private readonly SnapshotTranslator _translator = new();

    [Theory]
    [InlineData(100, 20, 5u, 50_000_000L)]
    [InlineData(20, 20, 1u, 50_000_000L)]
    [InlineData(0.5, 1, 1u, 2_000_000_000L)]
    [InlineData(3, 3, 1u, 333_333_333L)]
    [InlineData(1000, 50, 50u, 50_000_000L)]
    [InlineData(30, 2, 2u, 66_666_667L)]
    public void Fills_a_burst_sized_bucket_at_the_configured_rate(double requestsPerSecond, int burst, uint tokensPerFill, long fillNanos)
    {
        var config = With(Echo(), rateLimits: [Limit("echo", requestsPerSecond, burst)]);

        var limit = VirtualHostLimit(_translator.Translate(config, ClientKind.MeshSdk));

        Assert.Equal((uint)burst, limit.TokenBucket.MaxTokens);
        Assert.Equal(tokensPerFill, limit.TokenBucket.TokensPerFill);
        Assert.Equal(fillNanos, (limit.TokenBucket.FillInterval.Seconds * 1_000_000_000L) + limit.TokenBucket.FillInterval.Nanos);
    }

    [Fact]
    public void Enables_and_enforces_the_limit_for_every_call_and_names_its_stats()
    {
        var config = With(Echo(), rateLimits: [Limit("echo", 100, 20)]);

        var limit = VirtualHostLimit(_translator.Translate(config, ClientKind.Envoy));

        Assert.Equal(100u, limit.FilterEnabled.DefaultValue.Numerator);
        Assert.Equal(FractionalPercent.Types.DenominatorType.Hundred, limit.FilterEnabled.DefaultValue.Denominator);
        Assert.Equal(100u, limit.FilterEnforced.DefaultValue.Numerator);
        Assert.False(string.IsNullOrEmpty(limit.StatPrefix));
    }

    [Fact]
    public void Keeps_the_strictest_of_several_limits_on_one_service()
    {
        var config = With(Echo(), rateLimits: [Limit("a", 100, 20), Limit("b", 10, 5)]);

        var limit = VirtualHostLimit(_translator.Translate(config, ClientKind.Envoy));

        Assert.Equal(5u, limit.TokenBucket.MaxTokens);
    }

    [Fact]
    public void Puts_a_bucketless_rate_limit_filter_first_in_the_chain()
    {
        var config = With(Echo(), rateLimits: [Limit("echo", 100, 20)]);

        var manager = _translator.Translate(config, ClientKind.MeshSdk)
            .Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        Assert.Equal([RateLimitFilter, "envoy.filters.http.router"], manager.HttpFilters.Select(filter => filter.Name));
        Assert.Null(manager.HttpFilters[0].TypedConfig.Unpack<LocalRateLimit>().TokenBucket);
    }

    [Fact]
    public void Gives_grpc_clients_no_rate_limit_they_would_nack()
    {
        var config = With(Echo(), rateLimits: [Limit("echo", 100, 20)]);

        var set = _translator.Translate(config, ClientKind.GrpcProxyless);

        Assert.Empty(set.RouteConfiguration("echo.default").VirtualHosts.Single().TypedPerFilterConfig);
        var manager = set.Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
        Assert.Equal(["envoy.filters.http.router"], manager.HttpFilters.Select(filter => filter.Name));
    }

    private static LocalRateLimit VirtualHostLimit(XdsResourceSet set) =>
        set.RouteConfiguration("echo.default").VirtualHosts.Single().TypedPerFilterConfig[RateLimitFilter].Unpack<LocalRateLimit>();
}
