using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Configuration.Binding;

public sealed class RateLimitBinderTests : IDisposable
{
    private readonly ConfigDirectory directory = new();

    [Fact]
    public void Rejects_a_burst_smaller_than_50_ms_of_requests()
    {
        directory.Write("limit.yaml", Limit("requestsPerSecond: 1000, burst: 49"));

        directory.LoadError("limit.yaml:4", "spec.burst", "burst must hold at least 50 ms of requests, 50 at 1000 requestsPerSecond, got 49");
    }

    [Fact]
    public void Accepts_a_burst_of_exactly_50_ms_of_requests()
    {
        directory.Write("catalog.yaml", Yaml.Catalog).Write("limit.yaml", Limit("requestsPerSecond: 1000, burst: 50"));

        Assert.Equal(new RateLimitSpec("catalog", 1000, 50), directory.LoadValid().RateLimits["default/catalog"].Spec);
    }

    public void Dispose() => directory.Dispose();

    private static string Limit(string fields) =>
        $"apiVersion: mesh.dev/v1alpha1\nkind: RateLimit\nmetadata: {{ name: catalog }}\nspec: {{ service: catalog, {fields} }}\n";
}
