namespace Mesh.Sdk.Tests.Integration;

/// <summary>A real Kestrel server on 127.0.0.1:0 that answers every request with a 302 to one location.</summary>
internal sealed class RedirectingUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RedirectingUpstream(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, as mesh config names endpoints.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RedirectingUpstream> StartAsync(string location)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.Redirect(location);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return new RedirectingUpstream(app, new Uri(app.Urls.First()).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
