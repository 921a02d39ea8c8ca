using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Mesh.SidecarFallback.Tests.Infrastructure;

/// <summary>
/// A .NET service of the mesh as its Program.cs would be written (<c>builder.WebHost.UseMesh()</c>) on a fixed
/// loopback port, answering every request with the caller's SPIFFE ID from its client certificate, or <c>plaintext</c>.
/// </summary>
internal sealed class MeshDotnetService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _cacheDirectory;

    private MeshDotnetService(WebApplication app, string cacheDirectory)
    {
        _app = app;
        _cacheDirectory = cacheDirectory;
    }

    public static async Task<MeshDotnetService> StartAsync(string service, int port, string controlPlane, string tokenFile)
    {
        var cacheDirectory = Directory.CreateTempSubdirectory("mesh-sidecar-dotnet-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = controlPlane,
            ["Mesh:ServiceName"] = service,
            ["Mesh:CacheDirectory"] = cacheDirectory,
            ["Mesh:TokenFile"] = tokenFile,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.UseMesh();
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(
            context.Connection.ClientCertificate is { } certificate ? certificate.GetNameInfo(X509NameType.UrlName, forIssuer: false) : "plaintext"));
        await app.StartAsync();
        return new MeshDotnetService(app, cacheDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_cacheDirectory, recursive: true);
    }
}
