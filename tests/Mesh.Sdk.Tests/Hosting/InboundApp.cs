using Mesh.Sdk.Hosting;
using Mesh.Sdk.Tests.Integration;

namespace Mesh.Sdk.Tests.Hosting;

/// <summary>A real Kestrel service on 127.0.0.1:0 set up as a Program.cs would: <c>builder.WebHost.UseMesh()</c>.</summary>
internal sealed class InboundApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _cacheDirectory;

    private InboundApp(WebApplication app, string cacheDirectory)
    {
        _app = app;
        _cacheDirectory = cacheDirectory;
        var address = app.Urls.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
        Port = Client.BaseAddress.Port;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>A plain client straight to the server, as a caller without the mesh would call it.</summary>
    public HttpClient Client { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts service <paramref name="service"/> following <paramref name="controlPlane"/>, with <c>UseMesh()</c> called <paramref name="useMeshCalls"/> times.</summary>
    public static async Task<InboundApp> StartAsync(string service, string controlPlane, TimeProvider? time = null, int useMeshCalls = 1, TimeSpan? configWaitTimeout = null)
    {
        var cacheDirectory = Directory.CreateTempSubdirectory("mesh-inbound-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = controlPlane,
            ["Mesh:ServiceName"] = service,
            ["Mesh:CacheDirectory"] = cacheDirectory,
            ["Mesh:ConfigWaitTimeout"] = configWaitTimeout?.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        for (var i = 0; i < useMeshCalls; i++)
        {
            builder.WebHost.UseMesh();
        }

        var app = builder.Build();
        app.MapGet("/", () => "admitted");
        app.MapPost("/echo.Echo/Say", () => "admitted");
        await app.StartAsync();
        return new InboundApp(app, cacheDirectory);
    }

    /// <summary>Waits until this service's own rate limit has arrived from the control plane.</summary>
    public Task WaitForLimitAsync()
    {
        var limit = Services.GetRequiredService<InboundRateLimit>();
        return Eventually.WaitAsync(() => Task.FromResult(limit.Current), current => current is not null, "the service's rate limit arriving");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_cacheDirectory, recursive: true);
    }
}
