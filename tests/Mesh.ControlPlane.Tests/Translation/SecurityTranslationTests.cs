using System.Collections.Immutable;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class SecurityTranslationTests
{
    private readonly SnapshotTranslator _translator = new();

    [Theory]
    [InlineData("strict")]
    [InlineData("permissive")]
    public void Clusters_expect_the_services_spiffe_id_over_tls_when_mtls_is_on(string mode)
    {
        var config = With(Echo(), mesh: MeshSpec.Default with { TrustDomain = "shop.local", Mtls = Enum.Parse<MtlsMode>(mode, ignoreCase: true) });

        foreach (var name in new[] { "echo.default", "echo.default|v1", "echo.default|v2" })
        {
            var socket = _translator.Translate(config, ClientKind.MeshSdk).Cluster(name).TransportSocket;
            Assert.Equal("envoy.transport_sockets.tls", socket.Name);
            var context = socket.TypedConfig.Unpack<UpstreamTlsContext>();
            var san = Assert.Single(context.CommonTlsContext.ValidationContext.MatchTypedSubjectAltNames);
            Assert.Equal(SubjectAltNameMatcher.Types.SanType.Uri, san.SanType);
            Assert.Equal("spiffe://shop.local/ns/default/sa/echo", san.Matcher.Exact);
            Assert.Equal("ROOTCA", context.CommonTlsContext.ValidationContext.CaCertificateProviderInstance.CertificateName);
        }
    }

    [Fact]
    public void Clusters_stay_plaintext_with_mtls_off_and_for_grpc_proxyless_clients()
    {
        var off = With(Echo(), mesh: MeshSpec.Default with { Mtls = MtlsMode.Off });
        var strict = With(Echo(), mesh: MeshSpec.Default with { Mtls = MtlsMode.Strict });

        Assert.Null(_translator.Translate(off, ClientKind.MeshSdk).Cluster("echo.default").TransportSocket);
        Assert.Null(_translator.Translate(strict, ClientKind.GrpcProxyless).Cluster("echo.default").TransportSocket);
    }

    [Fact]
    public void The_listener_tells_the_server_its_mode_and_trust_domain()
    {
        var config = With(Echo(), mesh: MeshSpec.Default with { TrustDomain = "shop.local", Mtls = MtlsMode.Strict });

        var fields = _translator.Translate(config, ClientKind.MeshSdk).Listener("echo").Metadata.FilterMetadata["mesh.dev"].Fields;

        Assert.Equal("shop.local", fields["trustDomain"].StringValue);
        Assert.Equal("strict", fields["mtls"].StringValue);
    }

    [Fact]
    public void Access_policies_become_a_deny_rbac_filter_then_an_allow_one_before_the_router()
    {
        var config = With(Echo(), mesh: MeshSpec.Default with { TrustDomain = "shop.local", Mtls = MtlsMode.Strict }) with
        {
            AccessPolicies = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            [
                KeyValuePair.Create("default/callers", Access("callers", AccessAction.Allow, new AccessSource(null, "web"), ["POST"], ["/api/orders", "/api/orders/*"])),
                KeyValuePair.Create("default/closed", Access("closed", AccessAction.Deny, new AccessSource("spiffe://shop.local/ns/default/sa/web", null), [], ["/admin/*/reset"])),
            ]),
        };

        var filters = Manager(_translator.Translate(config, ClientKind.MeshSdk).Listener("echo")).HttpFilters;

        Assert.Equal(["envoy.filters.http.rbac.deny", "envoy.filters.http.rbac.allow", "envoy.filters.http.router"], filters.Select(f => f.Name));
        var deny = filters[0].TypedConfig.Unpack<HttpRbac>().Rules;
        Assert.Equal(RBAC.Types.Action.Deny, deny.Action);
        Assert.Equal("^/admin/.*/reset$", deny.Policies["default/closed"].Permissions[0].UrlPath.Path.SafeRegex.Regex);
        var allow = filters[1].TypedConfig.Unpack<HttpRbac>().Rules.Policies["default/callers"];
        Assert.Equal("spiffe://shop.local/ns/default/sa/web", allow.Principals[0].Authenticated.PrincipalName.Exact);
        var rules = allow.Permissions[0].AndRules.Rules;
        Assert.Equal(":method", rules[0].Header.Name);
        Assert.Equal("POST", rules[0].Header.StringMatch.Exact);
        Assert.Equal("/api/orders", rules[1].OrRules.Rules[0].UrlPath.Path.Exact);
        Assert.Equal("/api/orders/", rules[1].OrRules.Rules[1].UrlPath.Path.Prefix);
    }

    [Fact]
    public void Access_policy_headers_from_yaml_become_header_permissions_that_must_all_match()
    {
        using var directory = new Configuration.ConfigDirectory();
        directory.Write("echo.yaml", """
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: echo }
            spec:
              ports: [{ name: http, port: 8080, protocol: http }]
              endpoints: [{ address: "127.0.0.1:5001" }]
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: AccessPolicy
            metadata: { name: tenants }
            spec:
              service: echo
              action: allow
              from: [{ service: web }]
              to: [{ methods: [GET], headers: { X-Tenant: { exact: acme }, x-debug: { present: false } } }]
            """);

        var filters = Manager(_translator.Translate(directory.LoadValid(), ClientKind.MeshSdk).Listener("echo")).HttpFilters;

        var rules = filters.Single(f => f.Name == "envoy.filters.http.rbac.allow").TypedConfig.Unpack<HttpRbac>().Rules.Policies["default/tenants"].Permissions[0].AndRules.Rules;
        Assert.Equal([":method", "x-debug", "x-tenant"], rules.Select(r => r.Header.Name));
        Assert.False(rules[1].Header.PresentMatch);
        Assert.Equal("acme", rules[2].Header.StringMatch.Exact);
    }

    [Fact]
    public void Grpc_proxyless_clients_get_no_rbac_filter_they_would_reject()
    {
        var config = With(Echo()) with
        {
            AccessPolicies = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                [KeyValuePair.Create("default/callers", Access("callers", AccessAction.Allow, new AccessSource(null, "web"), [], []))]),
        };

        var filters = Manager(_translator.Translate(config, ClientKind.GrpcProxyless).Listener("echo")).HttpFilters;

        Assert.Equal(["envoy.filters.http.router"], filters.Select(f => f.Name));
    }

    private static AccessPolicy Access(string name, AccessAction action, AccessSource from, ImmutableArray<string> methods, ImmutableArray<string> paths) =>
        new(Metadata(name), new AccessPolicySpec("echo", action, [from], [new AccessTarget(methods, paths, ImmutableSortedDictionary<string, HeaderMatch>.Empty)]));

    private static HttpConnectionManager Manager(Envoy.Config.Listener.V3.Listener listener) =>
        listener.ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
}
