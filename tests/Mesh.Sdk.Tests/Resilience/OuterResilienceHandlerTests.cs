using Mesh.Sdk.Tests.Integration;
using Mesh.Sdk.Tests.Xds;

namespace Mesh.Sdk.Tests.Resilience;

/// <summary>An app that also adds a retrying resilience handler to a client is told, once, that retries multiply.</summary>
public sealed class OuterResilienceHandlerTests
{
    [Fact]
    public async Task Warns_once_about_a_client_that_also_has_a_resilience_handler()
    {
        var logger = new CollectingLogger<OuterResilienceHandlerTests>();
        await using var app = MeshApp.Create(new Dictionary<string, string?>(), services =>
        {
            services.AddSingleton<ILoggerProvider>(new SingleLoggerProvider(logger));
            services.AddHttpClient("wrapped").AddHttpMessageHandler(() => new StandardResilienceHandler());
            services.AddHttpClient("plain");
        });
        var factory = app.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        factory.CreateHandler("wrapped").Dispose();
        factory.CreateHandler("plain").Dispose();
        factory.CreateHandler("wrapped").Dispose();

        var warning = Assert.Single(logger.Lines, line => line.Contains("retries multiply", StringComparison.Ordinal));
        Assert.Contains("'wrapped'", warning, StringComparison.Ordinal);
        Assert.Contains(nameof(StandardResilienceHandler), warning, StringComparison.Ordinal);
    }

    /// <summary>Named as Microsoft.Extensions.Http.Resilience names its handlers; the mesh recognises them by name.</summary>
    private sealed class StandardResilienceHandler : DelegatingHandler;

    private sealed class SingleLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
