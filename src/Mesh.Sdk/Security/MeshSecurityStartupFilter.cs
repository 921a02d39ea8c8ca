using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Mesh.Sdk.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Security;

/// <summary>Puts <see cref="MeshAuthorizationMiddleware"/> first in the pipeline and asks for this service's own config.</summary>
internal sealed class MeshSecurityStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var services = app.ApplicationServices;
        var security = services.GetRequiredService<ServerSecuritySource>();
        security.Follow();
        var logger = services.GetRequiredService<ILogger<MeshAuthorizationMiddleware>>();
        var probes = services.GetRequiredService<IOptions<MeshClientOptions>>().Value.ProbePaths;
        app.Use(rest => new MeshAuthorizationMiddleware(rest, security, probes, logger).InvokeAsync);
        next(app);
    };
}
