using Mesh.Sdk.Routing;

namespace Mesh.Sdk.Tests.Routing;

public sealed class HostNameTests
{
    [Theory]
    [InlineData("catalog", "catalog")]
    [InlineData("catalog:8080", "catalog")]
    [InlineData("catalog.default.svc.cluster.local.", "catalog.default.svc.cluster.local")]
    [InlineData("catalog.default.svc.cluster.local.:80", "catalog.default.svc.cluster.local")]
    [InlineData("[::1]:80", "[::1]")]
    [InlineData("::1", "::1")]
    [InlineData("catalog:http", "catalog:http")]
    [InlineData("catalog:", "catalog:")]
    public void Normalizes_port_and_trailing_dot_away(string host, string expected) =>
        Assert.Equal(expected, HostName.Normalize(host).ToString());
}
