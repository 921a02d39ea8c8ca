using Mesh.Sdk.Hosting;

namespace Mesh.Sdk.Tests.Hosting;

public sealed class MeshRouterTests
{
    [Fact]
    public async Task Resolves_mesh_and_outside_hosts_without_allocating()
    {
        await using var provider = Build(new() { ["services:catalog:http:0"] = "http://127.0.0.1:5101" });
        var router = provider.GetRequiredService<MeshRouter>();
        var mesh = new Uri("http://catalog.default:8080/items?page=1");
        var outside = new Uri("http://api.github.com/");
        ResolveBoth(router, mesh, outside);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            ResolveBoth(router, mesh, outside);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Serves_static_services_by_their_qualified_names_in_the_configured_namespace()
    {
        await using var provider = Build(new()
        {
            ["Mesh:Namespace"] = "shop",
            ["Mesh:Services:catalog:Endpoints:0"] = "127.0.0.1:5101",
        });
        var table = provider.GetRequiredService<MeshRouter>().Table;

        Assert.True(table.TryGetService("catalog.shop", out _));
        Assert.True(table.TryGetService("catalog.shop.svc.cluster.local", out _));
        Assert.False(table.TryGetService("catalog.default", out _));
    }

    private static void ResolveBoth(MeshRouter router, Uri mesh, Uri outside)
    {
        var found = router.ResolveAsync(mesh.Host, CancellationToken.None);
        Assert.True(found.IsCompletedSuccessfully && found.Result is not null);
        var passed = router.ResolveAsync(outside.Host, CancellationToken.None);
        Assert.True(passed.IsCompletedSuccessfully && passed.Result is null);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddMeshClient();
        return services.BuildServiceProvider();
    }
}
