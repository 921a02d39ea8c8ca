using Mesh.Sdk.Hosting;
using Mesh.Sdk.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Puts a service's own mesh policy in front of its server.</summary>
public static class MeshWebHostBuilderExtensions
{
    /// <summary>
    /// Enforces this service's local rate limit (<c>RateLimit</c> in the mesh config) on every request the
    /// server receives, per instance: a request over the limit is answered 429, or <c>RESOURCE_EXHAUSTED</c>
    /// for gRPC, flagged <c>x-mesh-response-flags: RL</c>. Injects the <c>fault</c> of the route a request matches
    /// for callers outside the mesh (flagged <c>FI</c>/<c>DI</c>); a mesh caller injects it itself and marks its
    /// call, so no call is faulted twice. The service is named by <c>Mesh:ServiceName</c> and
    /// <c>Mesh:Namespace</c>; until its config arrives every request is admitted, and no request ever waits
    /// for the control plane. Registers the mesh services if <c>AddMeshClient()</c> has not; calling it again
    /// changes nothing.
    /// </summary>
    /// <param name="builder">The application's web host builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IWebHostBuilder UseMesh(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.ApplicationServices.GetRequiredService<InboundTls>().Configure(listen)));
        return builder.ConfigureServices(services =>
        {
            services.AddMeshCore();
            services.TryAddSingleton<InboundRateLimit>();
            services.TryAddSingleton<InboundTls>();
            services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, MeshSecurityStartupFilter>());
            services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, MeshInboundStartupFilter>());
        });
    }
}
