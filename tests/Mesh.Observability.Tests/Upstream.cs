namespace Mesh.Observability.Tests;

/// <summary>A real Kestrel server on 127.0.0.1:0 that answers with its name after an optional delay.</summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app) => _app = app;

    public string Address => $"127.0.0.1:{new Uri(_app.Urls.First()).Port}";

    public static async Task<Upstream> StartAsync(string name, TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            await context.Response.WriteAsync(name, context.RequestAborted);
        });
        await app.StartAsync();
        return new Upstream(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
