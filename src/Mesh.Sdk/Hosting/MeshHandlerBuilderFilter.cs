using System.Collections.Concurrent;
using Mesh.Sdk.Security;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// Adds the mesh handler to <c>IHttpClientFactory</c> clients, named, typed and gRPC alike. A filter runs
/// after each client's own configuration, so the mesh handler wraps the final primary handler, even if the
/// client replaced it: it sits inside every delegating handler, <c>IHttpClientFactory</c>'s own logging included
/// (an outer retry picks a new endpoint), right over the <see cref="SocketsHttpHandler"/> whose settings its
/// per-endpoint pools copy and which it marks for gRPC. A client that also carries a retrying resilience handler
/// is warned about once.
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

        if (builder.PrimaryHandler is MeshHttpHandler)
        {
            return;
        }

        WarnAboutOuterRetries(builder);
        var primary = builder.PrimaryHandler;
        GrpcLoadBalancing.Disable(primary);
        connector.Install(primary);
        builder.PrimaryHandler = new MeshHttpHandler(router, connector, loggerFactory.CreateLogger<MeshHttpHandler>()) { InnerHandler = primary };
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
