using System.Net;
using System.Net.Http.Headers;
using Mesh.Sdk.Hosting;
using Mesh.Sdk.Tests.Integration;
using Mesh.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Hosting;

/// <summary>
/// A service's own RateLimit, served by a real mesh-cp and enforced by <c>UseMesh()</c> in a real Kestrel app.
/// The bucket runs on a fake clock so a slow machine cannot refill it mid-burst.
/// </summary>
public sealed class MeshInboundMiddlewareTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task A_burst_of_20_admits_the_5_the_bucket_holds_and_answers_the_rest_429_flagged_RL()
    {
        await using var app = await InboundApp.StartAsync("burst", ControlPlaneAddress, new FakeTimeProvider());
        await ApplyLimitAsync(app, "burst", requestsPerSecond: 5, burst: 5);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.Client.GetAsync(new Uri("/", UriKind.Relative))));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(15, refused.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.All(refused, r => Assert.Equal("RL", r.Headers.GetValues("x-mesh-response-flags").Single()));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_gRPC_request_over_the_limit_gets_a_trailers_only_RESOURCE_EXHAUSTED()
    {
        await using var app = await InboundApp.StartAsync("grpc-limited", ControlPlaneAddress, new FakeTimeProvider());
        await ApplyLimitAsync(app, "grpc-limited", requestsPerSecond: 5, burst: 5);
        for (var i = 0; i < 5; i++)
        {
            using var admitted = await app.Client.SendAsync(GrpcRequest());
            Assert.False(admitted.Headers.Contains("grpc-status"));
        }

        using var response = await app.Client.SendAsync(GrpcRequest());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("8", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("RL", response.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_request_is_admitted_once_the_first_config_wait_runs_out_while_the_control_plane_is_unreachable()
    {
        await using var app = await InboundApp.StartAsync("unreachable", $"http://127.0.0.1:{ControlPlaneProcess.FreePort()}", configWaitTimeout: TimeSpan.FromSeconds(1));

        for (var i = 0; i < 30; i++)
        {
            using var response = await app.Client.GetAsync(new Uri("/", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Null(app.Services.GetRequiredService<InboundRateLimit>().Current);
    }

    [Fact]
    public async Task Calling_UseMesh_twice_adds_one_middleware_taking_one_token_per_request()
    {
        await using var app = await InboundApp.StartAsync("twice", ControlPlaneAddress, new FakeTimeProvider(), useMeshCalls: 2);
        await ApplyLimitAsync(app, "twice", requestsPerSecond: 5, burst: 4);

        var admitted = 0;
        for (var i = 0; i < 6; i++)
        {
            using var response = await app.Client.GetAsync(new Uri("/", UriKind.Relative));
            admitted += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(4, admitted);
        Assert.Single(app.Services.GetServices<IStartupFilter>().OfType<MeshInboundStartupFilter>());
    }

    [Fact]
    public async Task The_bucket_survives_a_config_push_that_leaves_its_settings_unchanged()
    {
        var clock = new FakeTimeProvider();
        await using var app = await InboundApp.StartAsync("kept", ControlPlaneAddress, clock);
        await ApplyLimitAsync(app, "kept", requestsPerSecond: 5, burst: 2);
        var limit = app.Services.GetRequiredService<InboundRateLimit>();
        var bucket = limit.Current!.Bucket;
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        var router = app.Services.GetRequiredService<MeshRouter>();
        var before = router.Table;

        await ApplyLimitAsync(app, "kept", requestsPerSecond: 5, burst: 2, secondEndpoint: "127.0.0.1:9");
        await Eventually.WaitAsync(() => Task.FromResult(router.Table), table => !ReferenceEquals(table, before), "a table rebuild");
        using var refused = await app.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Same(bucket, limit.Current!.Bucket);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        await ApplyLimitAsync(app, "kept", requestsPerSecond: 5, burst: 3);
        await Eventually.WaitAsync(() => Task.FromResult(limit.Current!.Bucket), current => !ReferenceEquals(current, bucket), "the changed bucket");
        using var admitted = await app.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task Admitting_a_request_under_the_limit_allocates_nothing()
    {
        await using var app = await InboundApp.StartAsync("hot", ControlPlaneAddress, new FakeTimeProvider());
        await ApplyLimitAsync(app, "hot", requestsPerSecond: 5, burst: 5000);
        var limit = app.Services.GetRequiredService<InboundRateLimit>();
        Assert.True(limit.Current!.Bucket.TryTake());

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(limit.Current!.Bucket.TryTake());
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private string ControlPlaneAddress => $"http://{fixture.ControlPlane.XdsAddress}";

    private static HttpRequestMessage GrpcRequest()
    {
        var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return new HttpRequestMessage(HttpMethod.Post, "/echo.Echo/Say") { Content = content };
    }

    private async Task ApplyLimitAsync(InboundApp app, string service, int requestsPerSecond, int burst, string? secondEndpoint = null)
    {
        var endpoints = secondEndpoint is null ? $"- {{ address: \"{app.Address}\" }}" : $"- {{ address: \"{app.Address}\" }}\n    - {{ address: \"{secondEndpoint}\" }}";
        await fixture.ApplyAsync($"{service}.yaml", $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: {{service}} }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints:
                {{endpoints}}
            ---
            {{MeshConfigFiles.Header}}kind: RateLimit
            metadata: { name: {{service}} }
            spec: { service: {{service}}, requestsPerSecond: {{requestsPerSecond}}, burst: {{burst}} }

            """);
        await app.WaitForLimitAsync();
    }
}
