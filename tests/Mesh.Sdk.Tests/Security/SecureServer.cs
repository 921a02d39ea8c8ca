using System.Collections.Concurrent;
using Mesh.Sdk.Security;

namespace Mesh.Sdk.Tests.Security;

/// <summary>
/// A real Kestrel service with <c>builder.WebHost.UseMesh()</c> on a fixed loopback port, as its Program.cs would
/// set it up, answering every request with the caller's SPIFFE ID (or <c>plaintext</c>). Its log is kept.
/// </summary>
internal sealed class SecureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _cacheDirectory;

    private SecureServer(WebApplication app, string cacheDirectory, ConcurrentQueue<string> log)
    {
        _app = app;
        _cacheDirectory = cacheDirectory;
        Log = log;
    }

    public IServiceProvider Services => _app.Services;

    public ConcurrentQueue<string> Log { get; }

    public static async Task<SecureServer> StartAsync(string service, int port, string controlPlane, string? tokenFile, TimeProvider? time = null, string? serviceAccount = null)
    {
        var cacheDirectory = Directory.CreateTempSubdirectory("mesh-secure-server-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = controlPlane,
            ["Mesh:ServiceName"] = service,
            ["Mesh:CacheDirectory"] = cacheDirectory,
            ["Mesh:TokenFile"] = tokenFile,
            ["Mesh:ServiceAccount"] = serviceAccount,
        });
        var log = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new QueueLoggerProvider(log));
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.WebHost.UseMesh();
        var app = builder.Build();
        app.Map("/{**path}", (HttpContext context) =>
            context.Connection.ClientCertificate is { } certificate ? SpiffeIdentity.Of(certificate) ?? "no id" : "plaintext");
        await app.StartAsync();
        return new SecureServer(app, cacheDirectory, log);
    }

    /// <summary>Waits until the server knows its mode and holds a certificate, so a caller's first attempt counts.</summary>
    public Task WaitForCertificateAsync() => Integration.Eventually.WaitAsync(
        () => Task.FromResult(Services.GetRequiredService<WorkloadIdentity>().Current),
        current => current is not null,
        "the server's workload certificate",
        TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_cacheDirectory, recursive: true);
    }

    internal sealed class QueueLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(log);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue($"{eventId.Id} {eventId.Name} {formatter(state, exception)}");
    }
}
