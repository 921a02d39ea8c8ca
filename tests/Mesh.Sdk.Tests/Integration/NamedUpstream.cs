using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 (HTTP/1.1, or h2c when asked) that answers every request with its own name, after an
/// optional delay, and counts its requests and connections.
/// </summary>
internal sealed class NamedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _openConnections;
    private int _inFlight;
    private int _mostInFlight;

    private NamedUpstream(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, as mesh config names endpoints.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>How many requests reached this server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The Host header of the last request.</summary>
    public string? LastHost { get; private set; }

    /// <summary>The protocol of the last request, such as <c>HTTP/2</c>.</summary>
    public string? LastProtocol { get; private set; }

    /// <summary>Client connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>The most requests this server has had in progress at once.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public static async Task<NamedUpstream> StartAsync(string name, TimeSpan delay = default, HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        NamedUpstream? upstream = null;
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref upstream!._openConnections);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref upstream._openConnections);
                }
            });
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref upstream!._requests);
            upstream.LastHost = context.Request.Host.Value;
            upstream.LastProtocol = context.Request.Protocol;
            upstream.CountInFlight(Interlocked.Increment(ref upstream._inFlight));
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, context.RequestAborted);
                }

                await context.Response.WriteAsync(name, context.RequestAborted);
            }
            finally
            {
                Interlocked.Decrement(ref upstream._inFlight);
            }
        });
        await app.StartAsync();
        var address = app.Urls.First();
        upstream = new NamedUpstream(app, name, new Uri(address).Port);
        return upstream;
    }

    private void CountInFlight(int inFlight)
    {
        var most = Volatile.Read(ref _mostInFlight);
        while (inFlight > most)
        {
            var seen = Interlocked.CompareExchange(ref _mostInFlight, inFlight, most);
            if (seen == most)
            {
                return;
            }

            most = seen;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
