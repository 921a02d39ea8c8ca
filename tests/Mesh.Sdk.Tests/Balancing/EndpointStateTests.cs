using Envoy.Config.Core.V3;
using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Tests.Balancing;

public sealed class EndpointStateTests
{
    private readonly EndpointState _endpoint = new("catalog.default", "10.0.0.7", 8080, new EndpointLocality("eu", "a", string.Empty), 1, HealthStatus.Healthy);

    [Fact]
    public void Sends_the_original_scheme_path_and_query_to_the_endpoint()
    {
        var uri = _endpoint.UriFor(new Uri("http://catalog/api/items?page=2"));

        Assert.Equal("http://10.0.0.7:8080/api/items?page=2", uri.AbsoluteUri);
    }

    [Fact]
    public void Reuses_the_uri_for_the_same_path_without_allocating_and_replaces_it_for_another()
    {
        var original = new Uri("http://catalog/api/items");
        var first = _endpoint.UriFor(original);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = _endpoint.UriFor(original);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var other = _endpoint.UriFor(new Uri("http://catalog/api/orders"));

        Assert.Same(first, again);
        Assert.Equal(0, allocated);
        Assert.Equal("/api/orders", other.AbsolutePath);
        Assert.Equal("10.0.0.7:8080", other.Authority);
    }

    [Fact]
    public void A_new_uri_object_for_the_same_path_gets_the_same_endpoint_uri_and_a_changed_query_a_new_one()
    {
        var first = _endpoint.UriFor(new Uri("http://catalog/api/items?page=1"));

        var samePath = _endpoint.UriFor(new Uri("http://catalog/api/items?page=1"));
        var otherQuery = _endpoint.UriFor(new Uri("http://catalog/api/items?page=2"));
        var backAgain = _endpoint.UriFor(new Uri("https://catalog/api/items?page=2"));

        Assert.Same(first, samePath);
        Assert.Equal("/api/items?page=2", otherQuery.PathAndQuery);
        Assert.Equal("https", backAgain.Scheme);
    }
}
