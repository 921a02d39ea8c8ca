namespace Mesh.Sdk.Tests.Integration;

/// <summary>A real Kestrel server on 127.0.0.1:0 that answers every request with its own name, after an optional delay.</summary>
internal sealed class NamedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

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

    public static async Task<NamedUpstream> StartAsync(string name, TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        NamedUpstream? upstream = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref upstream!._requests);
            upstream.LastHost = context.Request.Host.Value;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            await context.Response.WriteAsync(name, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        upstream = new NamedUpstream(app, name, new Uri(address).Port);
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
