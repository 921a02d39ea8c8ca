using System.Net;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Envoy.Type.V3;
using Google.Protobuf.WellKnownTypes;
using static Mesh.Sdk.Tests.Routing.TestXds;

namespace Mesh.Sdk.Tests.Resilience;

/// <summary>The call path against real Kestrel upstreams, configured through xDS resources and the routing layer.</summary>
public sealed class ResilientSenderTests : IAsyncLifetime
{
    // System timers may fire up to a tick of the timer queue before a Stopwatch says the time is up.
    private static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(10);

    private ScriptedUpstream _good = null!;
    private ScriptedUpstream _bad = null!;

    public async Task InitializeAsync()
    {
        _good = await ScriptedUpstream.StartAsync("good");
        _bad = await ScriptedUpstream.StartAsync("bad");
        _bad.Status = 503;
    }

    public async Task DisposeAsync()
    {
        await _good.DisposeAsync();
        await _bad.DisposeAsync();
    }

    [Fact]
    public async Task Retries_a_503_on_the_other_endpoint()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(ResilienceRig.Retry("5xx", 1)), Cluster("catalog.default"), null, _good, _bad);

        // Few enough calls that the retry budget's floor covers every retry.
        for (var i = 0; i < 8; i++)
        {
            using var response = await rig.GetAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("good", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("x-mesh-response-flags"));
        }

        Assert.InRange(_bad.Requests, 1, 8);
    }

    [Fact]
    public async Task Marks_a_call_under_a_fault_policy_as_fault_evaluated_and_restores_the_request()
    {
        var route = ResilienceRig.Route();
        route.TypedPerFilterConfig["envoy.filters.http.fault"] = Any.Pack(new HTTPFault
        {
            Abort = new FaultAbort { HttpStatus = 503, Percentage = new FractionalPercent { Numerator = 0 } },
        });
        using var rig = new ResilienceRig(route, Cluster("catalog.default"), null, _good);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://catalog/");

        using var response = await rig.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", _good.LastHeaders!["x-mesh-fault-evaluated"].ToString());
        Assert.False(request.Headers.Contains("x-mesh-fault-evaluated"));
    }

    [Fact]
    public async Task Leaves_a_call_without_a_fault_policy_unmarked()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(), Cluster("catalog.default"), null, _good);

        using var response = await rig.GetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(_good.LastHeaders!.ContainsKey("x-mesh-fault-evaluated"));
    }

    [Fact]
    public async Task Flags_the_last_answer_when_retries_run_out()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(ResilienceRig.Retry("5xx", 2)), Cluster("catalog.default"), null, _bad);

        using var response = await rig.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("URX", response.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.Equal("bad", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, _bad.Requests);
    }

    [Fact]
    public async Task Does_not_retry_a_post_unless_the_route_allows_non_idempotent_retries()
    {
        using var strict = new ResilienceRig(ResilienceRig.Route(ResilienceRig.Retry("5xx", 2)), Cluster("catalog.default"), null, _bad);
        using var post = new HttpRequestMessage(HttpMethod.Post, "http://catalog/orders") { Content = new StringContent("order") };
        using var once = await strict.SendAsync(post);
        Assert.Equal(1, _bad.Requests);

        using var lenient = new ResilienceRig(ResilienceRig.Route(ResilienceRig.Retry("5xx,non-idempotent", 2)), Cluster("catalog.default"), null, _bad);
        using var again = new HttpRequestMessage(HttpMethod.Post, "http://catalog/orders") { Content = new StringContent("order") };
        using var thrice = await lenient.SendAsync(again);
        Assert.Equal(4, _bad.Requests);
    }

    [Fact]
    public async Task Never_replays_a_streamed_request_body()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(ResilienceRig.Retry("5xx,non-idempotent", 2)), Cluster("catalog.default"), null, _bad);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://catalog/blob") { Content = new StreamContent(new MemoryStream([1, 2, 3])) };

        using var response = await rig.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _bad.Requests);
    }

    [Fact]
    public async Task Retries_a_refused_connection_on_another_endpoint_even_for_a_post()
    {
        var dead = await ScriptedUpstream.StartAsync("dead");
        await dead.StopAsync();
        using var rig = new ResilienceRig(ResilienceRig.Route(ResilienceRig.Retry("connect-failure", 1)), Cluster("catalog.default"), null, dead, _good);

        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://catalog/") { Content = new StreamContent(new MemoryStream([1])) };
            using var response = await rig.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Answers_503_flagged_UF_when_no_endpoint_accepts_the_connection()
    {
        var dead = await ScriptedUpstream.StartAsync("dead");
        await dead.StopAsync();
        using var rig = new ResilienceRig(ResilienceRig.Route(), Cluster("catalog.default"), null, dead);

        using var response = await rig.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UF", response.Headers.GetValues("x-mesh-response-flags").Single());
    }

    [Fact]
    public async Task Retries_a_try_that_times_out_and_flags_the_504_when_tries_run_out()
    {
        _good.Delay = TimeSpan.FromSeconds(5);
        var retry = ResilienceRig.Retry("5xx", 1);
        retry.PerTryTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(200));
        using var rig = new ResilienceRig(ResilienceRig.Route(retry, TimeSpan.FromSeconds(3)), Cluster("catalog.default"), null, _good);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await rig.GetAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("URX,UT", response.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.Equal(2, _good.Requests);
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started), TimeSpan.FromMilliseconds(400) - TimerGranularity, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Answers_504_flagged_UT_when_the_route_timeout_passes()
    {
        _good.Delay = TimeSpan.FromSeconds(5);
        using var rig = new ResilienceRig(ResilienceRig.Route(timeout: TimeSpan.FromMilliseconds(200)), Cluster("catalog.default"), null, _good);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await rig.GetAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("UT", response.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started), TimeSpan.FromMilliseconds(200) - TimerGranularity, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Counts_a_call_in_flight_until_its_response_body_ends()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(), Cluster("catalog.default", Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest), null, _good);
        var endpoint = rig.Cluster.Endpoints.Single();
        _good.HoldBodies();

        var response = await rig.GetAsync();
        Assert.Equal(1, endpoint.ActiveRequests);
        Assert.Equal(1, rig.Cluster.Resilience.Breaker.Counters.Requests);

        _good.ReleaseBodies();
        Assert.Equal("good", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, endpoint.ActiveRequests);
        Assert.Equal(0, rig.Cluster.Resilience.Breaker.Counters.Requests);
        response.Dispose();
        Assert.Equal(0, endpoint.ActiveRequests);
    }

    [Fact]
    public async Task Stops_counting_a_call_when_the_headers_of_a_small_body_of_known_length_arrive()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(), Cluster("catalog.default", Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.LeastRequest), null, _good);
        var endpoint = rig.Cluster.Endpoints.Single();
        _good.KnownLength = true;
        _good.HoldBodies();

        using var response = await rig.GetAsync();
        Assert.Equal(4, response.Content.Headers.ContentLength);
        Assert.Equal(0, endpoint.ActiveRequests);
        Assert.Equal(0, rig.Cluster.Resilience.Breaker.Counters.Requests);

        _good.ReleaseBodies();
        Assert.Equal("good", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Times_each_try_from_its_own_start_when_deadline_sources_are_reused()
    {
        var timeout = TimeSpan.FromSeconds(2);
        using var rig = new ResilienceRig(ResilienceRig.Route(timeout: timeout), Cluster("catalog.default"), null, _good);
        for (var i = 0; i < 50; i++)
        {
            using var quick = await rig.GetAsync();
            Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        }

        // A reused source that kept an earlier call's timer would fire about 0.2 s into this call and cut it
        // short; a fresh deadline leaves it a whole second to spare, for a loaded machine.
        await Task.Delay(timeout * 0.9);
        _good.Delay = timeout * 0.5;
        using (var slower = await rig.GetAsync())
        {
            Assert.Equal(HttpStatusCode.OK, slower.StatusCode);
        }

        _good.Delay = TimeSpan.FromSeconds(10);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var late = await rig.GetAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, late.StatusCode);
        Assert.Equal("UT", late.Headers.GetValues("x-mesh-response-flags").Single());
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(started), timeout - TimerGranularity, timeout * 2);
    }

    [Fact]
    public async Task Sends_the_shorter_grpc_deadline_upstream_and_leaves_the_callers_header_as_it_was_written()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(timeout: TimeSpan.FromSeconds(2)), Cluster("catalog.default"), null, _good);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://catalog/echo.Echo/Say") { Content = new ByteArrayContent([0, 0, 0, 0, 0]) };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("grpc-timeout", "1500000u");

        using var response = await rig.SendAsync(request);

        Assert.True(Mesh.Sdk.Resilience.GrpcTimeoutHeader.TryParse(_good.LastHeaders!["grpc-timeout"].ToString(), out var sent));
        Assert.InRange(sent, TimeSpan.FromMilliseconds(1400), TimeSpan.FromMilliseconds(1500));
        Assert.Equal("1500000u", Assert.Single(request.Headers.NonValidated["grpc-timeout"]));
    }

    [Fact]
    public async Task Sends_the_remaining_deadline_upstream()
    {
        using var rig = new ResilienceRig(ResilienceRig.Route(timeout: TimeSpan.FromSeconds(2)), Cluster("catalog.default"), null, _good);

        using var response = await rig.GetAsync();

        Assert.InRange(int.Parse(_good.LastHeaders!["x-envoy-expected-rq-timeout-ms"].ToString(), System.Globalization.CultureInfo.InvariantCulture), 1900, 2000);
    }
}
