using System.Net;
using System.Security.Cryptography.X509Certificates;
using Mesh.Xds.Grpc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>Our Echo service on a real Kestrel, HTTP/2 only, on 127.0.0.1 and a free port.</summary>
public sealed class KestrelEchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelEchoServer(WebApplication app, EchoService service, Uri address)
    {
        _app = app;
        Service = service;
        Address = address;
    }

    public EchoService Service { get; }

    public Uri Address { get; }

    public int Port => Address.Port;

    public static async Task<KestrelEchoServer> StartAsync(
        string name = "dotnet",
        Action<GrpcServerOptions>? configure = null,
        X509Certificate2? certificate = null,
        TimeProvider? timeProvider = null,
        long? maxRequestBodySize = null,
        Action<IApplicationBuilder>? middleware = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (maxRequestBodySize is not null)
            {
                kestrel.Limits.MaxRequestBodySize = maxRequestBodySize;
            }
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddGrpcServer(configure);
        var app = builder.Build();
        middleware?.Invoke(app);
        var service = new EchoService(name);
        service.Map(app);
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var address = new UriBuilder(bound) { Scheme = certificate is null ? "http" : "https", Host = certificate is null ? "127.0.0.1" : "localhost" }.Uri;
        return new KestrelEchoServer(app, service, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
