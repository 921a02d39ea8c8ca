using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Hosting;

/// <summary>Puts <see cref="MeshInboundMiddleware"/> first in the pipeline and asks for this service's config as the app is built.</summary>
internal sealed class MeshInboundStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var services = app.ApplicationServices;
        var limit = services.GetRequiredService<InboundRateLimit>();
        limit.Follow();
        var router = services.GetRequiredService<MeshRouter>();
        var logger = services.GetRequiredService<ILogger<MeshInboundMiddleware>>();
        app.Use(rest => new MeshInboundMiddleware(rest, limit, router, logger).InvokeAsync);
        next(app);
    };
}
