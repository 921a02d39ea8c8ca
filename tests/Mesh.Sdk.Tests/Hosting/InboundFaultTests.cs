using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Mesh.Sdk.Hosting;
using Mesh.Sdk.Tests.Integration;

namespace Mesh.Sdk.Tests.Hosting;

/// <summary>
/// A service's route faults, served by a real mesh-cp and injected by <c>UseMesh()</c> in a real Kestrel app
/// for callers outside the mesh, and by the caller alone for mesh callers.
/// </summary>
public sealed class InboundFaultTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task An_outside_call_with_the_fault_header_is_aborted_503_flagged_FI_and_one_without_it_reaches_the_app()
    {
        await using var app = await InboundApp.StartAsync("gated", ControlPlaneAddress);
        await ApplyFaultAsync(app, "gated", """{ abort: { percent: 100, httpStatus: 503 }, onlyWithHeader: { x-fault: "on" } }""");

        using var faulted = new HttpRequestMessage(HttpMethod.Get, "/");
        faulted.Headers.Add("x-fault", "on");
        using var aborted = await app.Client.SendAsync(faulted);
        using var admitted = await app.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, aborted.StatusCode);
        Assert.Equal("FI", aborted.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal("admitted", await admitted.Content.ReadAsStringAsync());
        Assert.False(admitted.Headers.Contains("x-mesh-response-flags"));
    }

    [Fact]
    public async Task An_outside_call_under_a_delay_fault_reaches_the_app_late_flagged_DI()
    {
        await using var app = await InboundApp.StartAsync("delayed", ControlPlaneAddress);
        await ApplyFaultAsync(app, "delayed", "{ delay: { percent: 100, fixedDelay: 400ms } }");

        var watch = Stopwatch.StartNew();
        using var response = await app.Client.GetAsync(new Uri("/", UriKind.Relative));
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admitted", await response.Content.ReadAsStringAsync());
        Assert.Equal("DI", response.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(390), $"the call took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task An_outside_gRPC_call_is_aborted_with_a_trailers_only_grpc_status()
    {
        await using var app = await InboundApp.StartAsync("grpc-faulted", ControlPlaneAddress);
        await ApplyFaultAsync(app, "grpc-faulted", "{ abort: { percent: 100, httpStatus: 503 } }");
        var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo.Echo/Say") { Content = content };

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("FI", response.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_mesh_caller_under_a_50_percent_abort_fails_half_its_calls_not_three_quarters()
    {
        await using var app = await InboundApp.StartAsync("halved", ControlPlaneAddress);
        await ApplyFaultAsync(app, "halved", "{ abort: { percent: 50, httpStatus: 503 } }");
        await using var caller = fixture.CreateApp();
        await Eventually.WaitAsync(
            async () =>
            {
                using var response = await caller.Client.GetAsync(new Uri("http://halved/"));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            "the caller reaching halved");

        const int calls = 2000;
        int failed = 0, unflagged = 0;
        await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, token) =>
        {
            using var response = await caller.Client.GetAsync(new Uri("http://halved/"), token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failed);
                if (!response.Headers.TryGetValues("x-mesh-response-flags", out var flags) || flags.Single() != "FI")
                {
                    Interlocked.Increment(ref unflagged);
                }
            }
        });

        Assert.InRange(100.0 * failed / calls, 46, 54);
        Assert.Equal(0, unflagged);
    }

    [Fact]
    public async Task A_mesh_caller_injects_a_header_gated_abort_itself_and_leaves_its_request_unmarked()
    {
        await using var app = await InboundApp.StartAsync("all-aborted", ControlPlaneAddress);
        await ApplyFaultAsync(app, "all-aborted", """{ abort: { percent: 100, httpStatus: 503 }, onlyWithHeader: { x-fault: "on" } }""");
        await using var caller = fixture.CreateApp();
        await Eventually.WaitAsync(
            async () =>
            {
                using var response = await caller.Client.GetAsync(new Uri("http://all-aborted/"));
                return await response.Content.ReadAsStringAsync();
            },
            body => body == "admitted",
            "the caller reaching all-aborted");

        using var faulted = new HttpRequestMessage(HttpMethod.Get, "http://all-aborted/");
        faulted.Headers.Add("x-fault", "on");
        using var aborted = await caller.Client.SendAsync(faulted);
        using var admitted = await caller.Client.GetAsync(new Uri("http://all-aborted/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, aborted.StatusCode);
        Assert.Equal("FI", aborted.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.Equal("fault filter abort", await aborted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.False(faulted.Headers.Contains("x-mesh-fault-evaluated"));
    }

    private string ControlPlaneAddress => $"http://{fixture.ControlPlane.XdsAddress}";

    private async Task ApplyFaultAsync(InboundApp app, string service, string fault)
    {
        await fixture.ApplyAsync($"{service}.yaml", $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: {{service}} }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints:
                - { address: "{{app.Address}}" }
            ---
            {{MeshConfigFiles.Header}}kind: TrafficRoute
            metadata: { name: {{service}} }
            spec:
              service: {{service}}
              rules:
                - destinations: [{ weight: 1 }]
                  fault: {{fault}}

            """);
        var router = app.Services.GetRequiredService<MeshRouter>();
        await Eventually.WaitAsync(
            () => Task.FromResult(router.Table.TryGetService($"{service}.default", out var route) && route.Routes.Any(r => r.Policy.Fault is not null)),
            arrived => arrived,
            "the service's fault arriving");
    }
}
