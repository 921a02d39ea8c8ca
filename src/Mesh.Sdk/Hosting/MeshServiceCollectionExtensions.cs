using Mesh.Sdk.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the mesh client to an application.</summary>
public static class MeshServiceCollectionExtensions
{
    /// <summary>
    /// Routes every <c>IHttpClientFactory</c> client's calls to mesh services (named, typed and gRPC clients),
    /// with options bound from the <c>Mesh</c> configuration section. Hosts that are not mesh services pass
    /// through untouched. Calling it again changes nothing.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes to the bound options, applied after configuration.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddMeshClient(this IServiceCollection services, Action<MeshClientOptions>? configure = null)
    {
        services.AddMeshCore();
        services.Configure<MeshHandlerOptions>(options => options.AllClients = true);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    /// <summary>The services both entry points need, each registered once however often it is called.</summary>
    internal static IServiceCollection AddMeshCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient();
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(MeshRouter)))
        {
            services.AddOptionsWithValidateOnStart<MeshClientOptions, MeshClientOptionsValidator>()
                .BindConfiguration(MeshClientOptions.SectionName);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MeshRouter>();
        services.TryAddSingleton<Mesh.Sdk.Security.ServerSecuritySource>();
        services.TryAddSingleton<Mesh.Sdk.Security.WorkloadIdentity>();
        services.TryAddSingleton<Mesh.Sdk.Security.MeshConnector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, MeshHandlerBuilderFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MeshClientStartup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, Mesh.Sdk.Telemetry.OtlpExport>());
        return services;
    }
}
