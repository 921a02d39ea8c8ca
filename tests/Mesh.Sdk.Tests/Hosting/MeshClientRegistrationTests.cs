using System.Diagnostics;
using Mesh.Sdk.Hosting;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Tests.Hosting;

public sealed class MeshClientRegistrationTests
{
    [Fact]
    public async Task Repeated_AddMeshClient_puts_one_mesh_handler_in_every_client_and_disables_grpc_balancing()
    {
        await using var provider = Build([], services =>
        {
            services.AddMeshClient();
            services.AddMeshClient();
            services.AddHttpClient("named").AddMeshHandler();
            services.AddHttpClient<TypedClient>();
        });
        var factory = provider.GetRequiredService<IHttpMessageHandlerFactory>();

        foreach (var name in new[] { "named", nameof(TypedClient), "unconfigured" })
        {
            var (meshHandlers, primary) = Walk(factory.CreateHandler(name));
            Assert.Equal(1, meshHandlers);
            var sockets = Assert.IsType<SocketsHttpHandler>(primary);
            Assert.Equal(true, sockets.Properties["__GrpcLoadBalancingDisabled"]);
        }
    }

    [Fact]
    public async Task AddMeshHandler_opts_in_only_its_own_client()
    {
        await using var provider = Build([], services =>
        {
            services.AddHttpClient("mesh").AddMeshHandler();
            services.AddHttpClient("plain");
        });
        var factory = provider.GetRequiredService<IHttpMessageHandlerFactory>();

        Assert.Equal(1, Walk(factory.CreateHandler("mesh")).MeshHandlers);
        var (meshHandlers, primary) = Walk(factory.CreateHandler("plain"));
        Assert.Equal(0, meshHandlers);
        Assert.False(((SocketsHttpHandler)primary).Properties.ContainsKey("__GrpcLoadBalancingDisabled"));
    }

    [Theory]
    [InlineData("Mesh:ControlPlane", "http://mesh-cp:15010", "Mesh:ServiceName is required")]
    [InlineData("Mesh:ControlPlane", "ftp://mesh-cp", "must be an absolute http:// or https:// address")]
    [InlineData("Mesh:ConfigWaitTimeout", "00:10:00", "ConfigWaitTimeout")]
    [InlineData("Mesh:ServiceName", "Not A Label", "lower-case DNS label")]
    public async Task Rejects_bad_options_at_startup_naming_the_setting(string key, string value, string expected)
    {
        await using var provider = Build(new() { [key] = value }, services => services.AddMeshClient());

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_a_static_endpoint_it_cannot_read_naming_the_key()
    {
        await using var provider = Build(new() { ["services:catalog:http:0"] = "catalog-without-port" }, services => services.AddMeshClient());

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<MeshRouter>());
        Assert.Contains("'services:catalog:http:0'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task First_call_to_an_unknown_service_waits_at_most_the_timeout_then_passes_through_and_later_calls_do_not_wait()
    {
        var network = new RecordingHandler();
        await using var provider = Build(
            new()
            {
                ["Mesh:ControlPlane"] = "http://127.0.0.1:9",
                ["Mesh:ServiceName"] = "web",
                ["Mesh:ConfigWaitTimeout"] = "00:00:00.300",
                ["Mesh:CacheDirectory"] = Directory.CreateTempSubdirectory().FullName,
            },
            services => services.AddMeshClient().AddHttpClient("c").ConfigurePrimaryHttpMessageHandler(() => network));
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("c");

        var clock = Stopwatch.StartNew();
        (await client.GetAsync("http://127.0.0.1:1/")).EnsureSuccessStatusCode();
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250), $"an IP address waited {clock.Elapsed}");

        clock.Restart();
        (await client.GetAsync("http://ghost/")).EnsureSuccessStatusCode();
        var firstWait = clock.Elapsed;
        clock.Restart();
        (await client.GetAsync("http://ghost/again")).EnsureSuccessStatusCode();

        Assert.InRange(firstWait, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250), $"the second call waited {clock.Elapsed}");
        Assert.Equal(["http://127.0.0.1:1/", "http://ghost/", "http://ghost/again"], network.Requests.Select(r => r.Uri.ToString()));
        Assert.All(network.Requests, r => Assert.Null(r.Host));
    }

    [Fact]
    public void A_provider_disposed_synchronously_shuts_the_mesh_client_down_without_throwing()
    {
        var provider = Build(
            new()
            {
                ["Mesh:ControlPlane"] = "http://127.0.0.1:9",
                ["Mesh:ServiceName"] = "web",
                ["Mesh:CacheDirectory"] = Directory.CreateTempSubdirectory().FullName,
            },
            services => services.AddMeshClient());
        _ = provider.GetRequiredService<IHttpClientFactory>().CreateClient();
        _ = provider.GetRequiredService<MeshRouter>().StartAsync();

        provider.Dispose();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static (int MeshHandlers, HttpMessageHandler Primary) Walk(HttpMessageHandler handler)
    {
        var count = 0;
        while (handler is DelegatingHandler delegating)
        {
            count += delegating is MeshHttpHandler ? 1 : 0;
            handler = delegating.InnerHandler!;
        }

        return (count, handler);
    }

    private sealed class TypedClient(HttpClient client)
    {
        public HttpClient Client { get; } = client;
    }
}
