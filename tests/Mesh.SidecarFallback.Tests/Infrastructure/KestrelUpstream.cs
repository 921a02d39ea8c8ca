using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.SidecarFallback.Tests.Infrastructure;

/// <summary>A real Kestrel server on a loopback port the OS picks, standing in for a .NET service of the mesh.</summary>
internal sealed class KestrelUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private KestrelUpstream(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>How many requests reached this server.</summary>
    public int Hits => Volatile.Read(ref _hits);

    public static async Task<KestrelUpstream> StartAsync(RequestDelegate handler, Action<WebApplication>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        KestrelUpstream? upstream = null;
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref upstream!._hits);
            return next(context);
        });
        configure?.Invoke(app);
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        upstream = new KestrelUpstream(app, new Uri(address).Port);
        return upstream;
    }

    /// <summary>A server that answers every request with <paramref name="text"/>.</summary>
    public static Task<KestrelUpstream> TextAsync(string text) => StartAsync(context => context.Response.WriteAsync(text));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
