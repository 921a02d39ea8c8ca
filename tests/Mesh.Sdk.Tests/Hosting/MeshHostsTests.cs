using Mesh.Sdk.Hosting;

namespace Mesh.Sdk.Tests.Hosting;

public sealed class MeshHostsTests
{
    [Theory]
    [InlineData("catalog")]
    [InlineData("catalog:8080")]
    [InlineData("catalog.default")]
    [InlineData("catalog.shop.svc.cluster.local")]
    [InlineData("catalog.shop.svc.cluster.local.")]
    public void Treats_service_shaped_hosts_as_possible_services(string host) => Assert.True(MeshHosts.MayBeService(host));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("[::1]:80")]
    [InlineData("localhost")]
    [InlineData("api.github.com")]
    [InlineData("a.b.c.svc.cluster.local")]
    public void Lets_addresses_localhost_and_other_names_pass_without_asking(string host) => Assert.False(MeshHosts.MayBeService(host));

    [Theory]
    [InlineData("Catalog:8080", "catalog")]
    [InlineData("catalog.default.svc.cluster.local.", "catalog.default.svc.cluster.local")]
    public void Names_the_listener_in_lower_case_without_port_or_trailing_dot(string host, string listener) =>
        Assert.Equal(listener, MeshHosts.ListenerName(host));
}
