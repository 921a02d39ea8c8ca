using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Adds the mesh handler to <c>IHttpClientFactory</c> clients, named, typed and gRPC alike. A filter runs
/// after each client's own configuration, so the mesh handler sits innermost (an outer retry picks a new
/// endpoint) and the primary handler it marks for gRPC is the final one, even if the client replaced it.
/// </summary>
internal sealed class MeshHandlerBuilderFilter(MeshRouter router, IOptions<MeshHandlerOptions> options, ILoggerFactory loggerFactory)
    : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        var settings = options.Value;
        if (!settings.AllClients && (builder.Name is null || !settings.ClientNames.Contains(builder.Name)))
        {
            return;
        }

        foreach (var handler in builder.AdditionalHandlers)
        {
            if (handler is MeshHttpHandler)
            {
                return;
            }
        }

        builder.AdditionalHandlers.Add(new MeshHttpHandler(router, loggerFactory.CreateLogger<MeshHttpHandler>()));
        GrpcLoadBalancing.Disable(builder.PrimaryHandler);
    };
}
