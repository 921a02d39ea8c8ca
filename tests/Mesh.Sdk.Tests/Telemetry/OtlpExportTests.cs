using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Mesh.Sdk.Telemetry;
using Mesh.Sdk.Tests.Resilience;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>OTLP export to a real OTLP/HTTP receiver on Kestrel, switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Exports_mesh_spans_and_metrics_over_otlp_http_when_the_endpoint_is_set_and_flushes_on_stop()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var upstream = await ScriptedUpstream.StartAsync("v1");
        using var host = BuildHost(new Dictionary<string, string?>
        {
            [OtlpExport.EndpointKey] = receiver.Endpoint,
            [OtlpExport.ProtocolKey] = "http/protobuf",
            ["Mesh:ServiceName"] = "otlp-caller",
            ["services:otlp-callee:http:0"] = $"http://{upstream.Address}",
        });
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using (var parent = TelemetryRecorder.Caller.StartActivity("caller"))
        using (var response = await client.GetAsync(new Uri("http://otlp-callee/")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await host.StopAsync();

        var traces = receiver.Body("/v1/traces");
        Assert.Contains(MeshTelemetry.ActivitySourceName, traces, StringComparison.Ordinal);
        Assert.Contains("otlp-callee", traces, StringComparison.Ordinal);
        Assert.Contains("otlp-caller", traces, StringComparison.Ordinal);
        var metrics = receiver.Body("/v1/metrics");
        Assert.Contains(MeshTelemetry.CallDuration, metrics, StringComparison.Ordinal);
        Assert.Contains("http.client.request.duration", metrics, StringComparison.Ordinal);
        Assert.Contains(MeshAttributes.Subset, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_nothing_without_the_endpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var host = BuildHost(new Dictionary<string, string?> { ["Mesh:ServiceName"] = "otlp-off" });
        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(0, receiver.Requests);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddMeshClient();
        return builder.Build();
    }

    /// <summary>Accepts OTLP/HTTP posts and keeps each path's bodies.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new();
        private int _requests;

        private OtlpReceiver(WebApplication app) => _app = app;

        public string Endpoint => _app.Urls.First();

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.Run(async context =>
            {
                Interlocked.Increment(ref receiver._requests);
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver._bodies.GetOrAdd(context.Request.Path, _ => new()).Enqueue(body.ToArray());
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return receiver;
        }

        /// <summary>Every body posted to <paramref name="path"/>, as Latin-1 text so the protobuf's strings can be searched.</summary>
        public string Body(string path) =>
            _bodies.TryGetValue(path, out var bodies) ? string.Concat(bodies.Select(b => Encoding.Latin1.GetString(b))) : string.Empty;

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
