using System.Collections.Immutable;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Type.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;
using ConfigFaultAbort = Mesh.ControlPlane.Configuration.FaultAbort;
using ConfigFaultDelay = Mesh.ControlPlane.Configuration.FaultDelay;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class FaultTranslationTests
{
    private const string FaultFilter = "envoy.filters.http.fault";

    private static readonly ImmutableSortedDictionary<string, string> Always = ImmutableSortedDictionary<string, string>.Empty;

    private readonly SnapshotTranslator _translator = new();

    [Theory]
    [InlineData(nameof(ClientKind.GrpcProxyless))]
    [InlineData(nameof(ClientKind.Envoy))]
    [InlineData(nameof(ClientKind.MeshSdk))]
    public void Puts_an_empty_fault_filter_just_before_the_router_when_a_rule_injects_faults(string kindName)
    {
        var config = WithFault(new FaultPolicy(new ConfigFaultAbort(30, null, "UNAVAILABLE"), null, Always));

        var manager = _translator.Translate(config, Enum.Parse<ClientKind>(kindName))
            .Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        Assert.Equal([FaultFilter, "envoy.filters.http.router"], manager.HttpFilters.Select(filter => filter.Name));
        Assert.Equal(new HTTPFault(), manager.HttpFilters[0].TypedConfig.Unpack<HTTPFault>());
    }

    [Fact]
    public void Leaves_the_fault_filter_out_when_no_rule_injects_faults()
    {
        var manager = _translator.Translate(Interop(), ClientKind.Envoy)
            .Listener("echo").ApiListener.ApiListener_.Unpack<HttpConnectionManager>();

        Assert.Equal(["envoy.filters.http.router"], manager.HttpFilters.Select(filter => filter.Name));
    }

    [Theory]
    [InlineData(30, 300_000u)]
    [InlineData(10.5, 105_000u)]
    [InlineData(0.0001, 1u)]
    [InlineData(100, 1_000_000u)]
    public void Writes_percentages_per_million_exactly(double percent, uint perMillion)
    {
        var config = WithFault(new FaultPolicy(null, new ConfigFaultDelay(percent, TimeSpan.FromMilliseconds(100)), Always));

        var fault = FaultOf(OnlyRoute(_translator.Translate(config, ClientKind.GrpcProxyless)));

        Assert.Equal(perMillion, fault.Delay.Percentage.Numerator);
        Assert.Equal(FractionalPercent.Types.DenominatorType.Million, fault.Delay.Percentage.Denominator);
        Assert.Equal(TimeSpan.FromMilliseconds(100), fault.Delay.FixedDelay.ToTimeSpan());
    }

    [Theory]
    [InlineData("UNAVAILABLE", 14u)]
    [InlineData("DEADLINE_EXCEEDED", 4u)]
    [InlineData("UNAUTHENTICATED", 16u)]
    public void Aborts_with_the_grpc_status_code_number(string status, uint code)
    {
        var config = WithFault(new FaultPolicy(new ConfigFaultAbort(30, null, status), null, Always));

        var abort = FaultOf(OnlyRoute(_translator.Translate(config, ClientKind.GrpcProxyless))).Abort;

        Assert.Equal(Envoy.Extensions.Filters.Http.Fault.V3.FaultAbort.ErrorTypeOneofCase.GrpcStatus, abort.ErrorTypeCase);
        Assert.Equal(code, abort.GrpcStatus);
        Assert.Equal(300_000u, abort.Percentage.Numerator);
    }

    [Fact]
    public void Aborts_with_the_http_status()
    {
        var config = WithFault(new FaultPolicy(new ConfigFaultAbort(10, 503, null), null, Always));

        var abort = FaultOf(OnlyRoute(_translator.Translate(config, ClientKind.Envoy))).Abort;

        Assert.Equal(Envoy.Extensions.Filters.Http.Fault.V3.FaultAbort.ErrorTypeOneofCase.HttpStatus, abort.ErrorTypeCase);
        Assert.Equal(503u, abort.HttpStatus);
    }

    [Theory]
    [InlineData(nameof(ClientKind.Envoy))]
    [InlineData(nameof(ClientKind.MeshSdk))]
    public void Gates_the_fault_on_http_fault_headers_for_clients_that_read_them(string kindName)
    {
        var config = WithFault(GatedAbort());

        var route = OnlyRoute(_translator.Translate(config, Enum.Parse<ClientKind>(kindName)));

        var header = Assert.Single(FaultOf(route).Headers);
        Assert.Equal("x-fault", header.Name);
        Assert.Equal("on", header.StringMatch.Exact);
        Assert.Empty(route.Match.Headers);
    }

    [Fact]
    public void Gates_the_fault_for_grpc_clients_with_a_route_that_requires_the_headers()
    {
        var config = WithFault(GatedAbort());

        var routes = _translator.Translate(config, ClientKind.GrpcProxyless)
            .RouteConfiguration("echo.default").VirtualHosts.Single().Routes;

        Assert.Equal(["rule-0-fault", "rule-0"], routes.Select(route => route.Name));
        var gated = routes[0];
        var header = Assert.Single(gated.Match.Headers);
        Assert.Equal(("x-fault", "on"), (header.Name, header.StringMatch.Exact));
        Assert.Empty(FaultOf(gated).Headers);
        Assert.Equal(routes[1].Route_, gated.Route_);
        Assert.Empty(routes[1].TypedPerFilterConfig);
        Assert.Empty(routes[1].Match.Headers);
    }

    private static FaultPolicy GatedAbort() => new(
        new ConfigFaultAbort(30, null, "UNAVAILABLE"),
        null,
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("x-fault", "on")]));

    private static MeshConfig WithFault(FaultPolicy fault) =>
        With(Echo(), [Route(Rule(null, [To("v1", 100)], fault: fault))]);

    private static HTTPFault FaultOf(Envoy.Config.Route.V3.Route route) =>
        route.TypedPerFilterConfig[FaultFilter].Unpack<HTTPFault>();

    private static Envoy.Config.Route.V3.Route OnlyRoute(XdsResourceSet set) =>
        Assert.Single(set.RouteConfiguration("echo.default").VirtualHosts.Single().Routes);
}
