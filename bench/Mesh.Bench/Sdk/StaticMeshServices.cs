using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Bench.Sdk;

/// <summary>
/// A service provider set up as an application would: <c>AddMeshClient()</c> with service <c>catalog</c> in
/// static configuration (<c>Services:catalog:http:0</c>), so the bench uses the real handler and router.
/// </summary>
internal static class StaticMeshServices
{
    /// <summary>The one named client the load run sends with.</summary>
    public const string ClientName = "bench";

    public static ServiceProvider Build(string catalogEndpoint, bool mesh)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Services:catalog:http:0"] = catalogEndpoint })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddHttpClient(ClientName).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        if (mesh)
        {
            services.AddMeshClient();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
