using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Mesh.Sdk.Telemetry;
using Mesh.Sdk.Tests.Integration;
using Mesh.Sdk.Tests.Resilience;
using Mesh.Testing;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>OTLP export to a real OTLP/HTTP receiver on Kestrel, switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
[Collection(ActivityListenerCollection.Name)]
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
    public async Task The_mesh_sampling_percent_drops_traces_that_start_here_and_keeps_those_a_sampled_caller_started()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var upstream = await ScriptedUpstream.StartAsync("v1");
        var config = Directory.CreateTempSubdirectory("mesh-sampling-").FullName;
        MeshConfigFiles.Write(config, "mesh.yaml", $"{MeshConfigFiles.Header}kind: Mesh\nmetadata: {{ name: default }}\nspec: {{ tracing: {{ samplingPercent: 0 }} }}\n---\n"
            + MeshConfigFiles.Service("sampled", (upstream.Address, "v1")));
        await using var controlPlane = await ControlPlaneProcess.StartAsync(config);
        using var host = BuildHost(new Dictionary<string, string?>
        {
            [OtlpExport.EndpointKey] = receiver.Endpoint,
            [OtlpExport.ProtocolKey] = "http/protobuf",
            ["Mesh:ControlPlane"] = $"http://{controlPlane.XdsAddress}",
            ["Mesh:ServiceName"] = "sampling-caller",
            ["Mesh:CacheDirectory"] = Directory.CreateTempSubdirectory("mesh-sampling-cache-").FullName,
        });
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        for (var i = 0; i < 20; i++)
        {
            using var unsampled = await client.GetAsync(new Uri("http://sampled/"));
            Assert.Equal(HttpStatusCode.OK, unsampled.StatusCode);
        }

        var callerTrace = ActivityTraceId.CreateRandom();
        using (new Activity("caller").SetParentId(callerTrace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        using (var sampled = await client.GetAsync(new Uri("http://sampled/")))
        {
            Assert.Equal(HttpStatusCode.OK, sampled.StatusCode);
        }

        await host.StopAsync();

        // Only this test calls 'sampled'; while the host waits for its first config, other tests' spans in this process may be kept.
        var traces = OtlpSpans.TraceIds(receiver.Bodies("/v1/traces"), MeshTelemetry.ActivitySourceName, MeshAttributes.Service, "sampled");
        Assert.NotEmpty(traces);
        Assert.All(traces, trace => Assert.Equal(callerTrace.ToHexString(), trace));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(100)]
    public void New_traces_are_kept_at_the_sampling_percent(double percent)
    {
        const int Traces = 20_000;
        var kept = Enumerable.Range(0, Traces).Count(_ => MeshSampler.Keeps(ActivityTraceId.CreateRandom(), percent));

        // Five standard deviations of a binomial count either side: a correct sampler stays inside.
        var expected = Traces * percent / 100;
        var spread = 5 * Math.Sqrt(Traces * (percent / 100) * (1 - (percent / 100)));
        Assert.InRange(kept, expected - spread, expected + spread);
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

        /// <summary>Every body posted to <paramref name="path"/>.</summary>
        public IReadOnlyList<byte[]> Bodies(string path) => _bodies.TryGetValue(path, out var bodies) ? [.. bodies] : [];

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
