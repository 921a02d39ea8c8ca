using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mesh.Xds.Grpc;

/// <summary>Registers what the <c>MapGrpc*</c> endpoints need.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server options (validated at startup) and a <see cref="TimeProvider"/>; safe to call twice.</summary>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>()
            .Validate(o => o.MaxReceiveMessageSize > 0, "GrpcServerOptions.MaxReceiveMessageSize must be positive.")
            .Validate(o => o.MaxSendMessageSize is null or > 0, "GrpcServerOptions.MaxSendMessageSize must be positive or null.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddRouting();
        return services;
    }
}
