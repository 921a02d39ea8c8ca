using Mesh.Sdk.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Opts one <c>IHttpClientFactory</c> client into the mesh.</summary>
public static class MeshHttpClientBuilderExtensions
{
    /// <summary>
    /// Routes this client's calls to mesh services; other clients stay untouched unless
    /// <c>AddMeshClient()</c> is also called. Options come from the <c>Mesh</c> configuration section.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHttpClientBuilder AddMeshHandler(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMeshCore();
        builder.Services.Configure<MeshHandlerOptions>(options => options.ClientNames.Add(builder.Name));
        return builder;
    }
}
