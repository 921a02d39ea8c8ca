using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class ListenerTranslationTests
{
    private readonly SnapshotTranslator _translator = new();

    [Fact]
    public void Emits_listener_for_every_name_of_a_default_namespace_service()
    {
        var set = _translator.Translate(TestMeshConfigs.Interop(), ClientKind.GrpcProxyless);

        Assert.Equal(
            ["echo", "echo.default", "echo.default.svc.cluster.local"],
            set.Get(TypeUrls.Listener).Keys);
    }

    [Fact]
    public void Omits_bare_name_listener_outside_the_default_namespace()
    {
        var config = TestMeshConfigs.With(TestMeshConfigs.Echo("shop"));

        var set = _translator.Translate(config, ClientKind.GrpcProxyless);

        Assert.Equal(["echo.shop", "echo.shop.svc.cluster.local"], set.Get(TypeUrls.Listener).Keys);
    }

    [Fact]
    public void Api_listener_fetches_the_service_route_configuration_over_ads_rds()
    {
        var set = _translator.Translate(TestMeshConfigs.Interop(), ClientKind.GrpcProxyless);

        var manager = set.Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        Assert.Equal(HttpConnectionManager.RouteSpecifierOneofCase.Rds, manager.RouteSpecifierCase);
        Assert.Equal("echo.default", manager.Rds.RouteConfigName);
        Assert.Equal(ConfigSource.ConfigSourceSpecifierOneofCase.Ads, manager.Rds.ConfigSource.ConfigSourceSpecifierCase);
        Assert.Equal(ApiVersion.V3, manager.Rds.ConfigSource.ResourceApiVersion);
    }

    [Fact]
    public void The_mesh_trace_sampling_becomes_the_listeners_random_sampling_and_is_absent_when_not_set()
    {
        var sampled = TestMeshConfigs.Interop() with { Mesh = MeshSpec.Default with { TracingSamplingPercent = 12.5 } };

        var manager = _translator.Translate(sampled, ClientKind.GrpcProxyless).Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
        var unset = _translator.Translate(TestMeshConfigs.Interop(), ClientKind.GrpcProxyless).Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        Assert.Equal(12.5, manager.Tracing.RandomSampling.Value);
        Assert.Null(unset.Tracing);
    }

    [Fact]
    public void Router_filter_ends_the_http_filter_chain()
    {
        var set = _translator.Translate(TestMeshConfigs.Interop(), ClientKind.GrpcProxyless);

        var manager = set.Listener("echo.default.svc.cluster.local").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        var last = manager.HttpFilters[^1];
        Assert.Equal("envoy.filters.http.router", last.Name);
        Assert.True(last.TypedConfig.Is(Router.Descriptor));
    }
}
