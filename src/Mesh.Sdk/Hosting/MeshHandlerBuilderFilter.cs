using System.Collections.Concurrent;
using Mesh.Sdk.Security;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Adds the mesh handler to <c>IHttpClientFactory</c> clients, named, typed and gRPC alike. A filter runs
/// after each client's own configuration, so the mesh handler sits innermost (an outer retry picks a new
/// endpoint) and the primary handler it marks for gRPC is the final one, even if the client replaced it.
/// A client that also carries a retrying resilience handler is warned about once.
/// </summary>
internal sealed class MeshHandlerBuilderFilter(MeshRouter router, MeshConnector connector, IOptions<MeshHandlerOptions> options, ILoggerFactory loggerFactory)
    : IHttpMessageHandlerBuilderFilter
{
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

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

        WarnAboutOuterRetries(builder);
        builder.AdditionalHandlers.Add(new MeshHttpHandler(router, loggerFactory.CreateLogger<MeshHttpHandler>()));
        GrpcLoadBalancing.Disable(builder.PrimaryHandler);
        connector.Install(builder.PrimaryHandler);
    };

    // Microsoft.Extensions.Http.Resilience's handlers (AddStandardResilienceHandler) and Polly's retry on top of the mesh's.
    private void WarnAboutOuterRetries(HttpMessageHandlerBuilder builder)
    {
        foreach (var handler in builder.AdditionalHandlers)
        {
            var type = handler.GetType();
            var retries = type.Name.EndsWith("ResilienceHandler", StringComparison.Ordinal) ||
                type.Name.StartsWith("PolicyHttpMessageHandler", StringComparison.Ordinal) ||
                (type.Namespace?.StartsWith("Microsoft.Extensions.Http.Resilience", StringComparison.Ordinal) ?? false);
            var name = builder.Name ?? string.Empty;
            if (retries && _warned.TryAdd(name, true))
            {
                Resilience.Log.OuterResilienceHandler(loggerFactory.CreateLogger<MeshHttpHandler>(), name, type.FullName ?? type.Name);
                return;
            }
        }
    }
}
