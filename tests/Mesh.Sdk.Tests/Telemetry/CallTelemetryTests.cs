using System.Diagnostics;
using System.Net;
using Mesh.Sdk.Telemetry;
using Mesh.Sdk.Tests.Integration;
using Mesh.Sdk.Tests.Resilience;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>
/// The metrics and spans of routed calls, made through <c>AddMeshClient()</c> on config served by a real mesh-cp
/// to real Kestrel upstreams, as a MeterListener and an ActivityListener see them.
/// </summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class CallTelemetryTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    private const string HttpClientDuration = "http.client.request.duration";

    [Fact]
    public async Task A_routed_call_gets_a_child_span_mesh_tags_on_the_http_client_duration_and_a_traceparent_upstream()
    {
        using var recorder = new TelemetryRecorder();
        await using var upstream = await ScriptedUpstream.StartAsync("v1");
        await fixture.ApplyAsync("tel-routed.yaml", Service("tel-routed", [(upstream, "v1")], """
                - destinations: [{ subset: v1, weight: 100 }]
            """));
        await using var app = fixture.CreateApp();

        Activity parent;
        using (parent = TelemetryRecorder.Caller.StartActivity("caller")!)
        {
            using var response = await app.Client.GetAsync(new Uri("http://tel-routed/items"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var span = Assert.Single(recorder.Spans(MeshTelemetry.AttemptActivityName, parent));
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("GET", span.DisplayName);
        Assert.Equal("tel-routed", span.GetTagItem(MeshAttributes.Service));
        Assert.Equal("v1", span.GetTagItem(MeshAttributes.Subset));
        Assert.Equal("tel-routed.default|v1", span.GetTagItem(MeshAttributes.Cluster));
        Assert.Equal("rule-0", span.GetTagItem(MeshAttributes.Route));
        Assert.Equal(0, span.GetTagItem(MeshAttributes.RetryCount));
        Assert.Equal(upstream.Port, span.GetTagItem("server.port"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        AssertPropagated(recorder, upstream.LastHeaders!["traceparent"].ToString(), span);

        var attempt = Assert.Single(recorder.Measurements(HttpClientDuration, "tel-routed"));
        Assert.Equal("v1", attempt.Tag(MeshAttributes.Subset));
        Assert.Equal("tel-routed.default|v1", attempt.Tag(MeshAttributes.Cluster));
        Assert.Equal("rule-0", attempt.Tag(MeshAttributes.Route));
        Assert.Equal(0, attempt.Tag(MeshAttributes.RetryCount));
        Assert.Null(attempt.Tag(MeshAttributes.ResponseFlags));
        Assert.Equal(200, attempt.Tag("http.response.status_code"));

        var call = Assert.Single(recorder.Measurements(MeshTelemetry.CallDuration, "tel-routed"));
        Assert.Equal(200, call.Tag("http.response.status_code"));
        Assert.Equal("v1", call.Tag(MeshAttributes.Subset));
        Assert.False(call.Tags.ContainsKey(MeshAttributes.ResponseFlags));
        Assert.InRange(call.Value, attempt.Value, 5);

        Assert.Contains(recorder.Measurements(MeshTelemetry.XdsUpdates), m => Equals(m.Tag(MeshAttributes.XdsType), "Listener"));
    }

    [Fact]
    public async Task A_retried_call_gets_a_span_per_try_a_retry_count_and_the_retries_counter()
    {
        using var recorder = new TelemetryRecorder();
        await using var failing = await ScriptedUpstream.StartAsync("failing");
        await using var healthy = await ScriptedUpstream.StartAsync("healthy");
        failing.Status = 503;
        await fixture.ApplyAsync("tel-retried.yaml", Service("tel-retried", [(failing, "v1"), (healthy, "v1")], """
                - destinations: [{ subset: v1, weight: 100 }]
                  retries: { attempts: 1, retryOn: [5xx] }
            """));
        await using var app = fixture.CreateApp();

        // Round robin alternates, so of two calls at least one tries the failing endpoint first.
        var parents = new List<Activity>();
        for (var i = 0; i < 2; i++)
        {
            using var parent = TelemetryRecorder.Caller.StartActivity("caller")!;
            using var response = await app.Client.GetAsync(new Uri("http://tel-retried/"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            parents.Add(parent);
        }

        var retried = parents.Where(p => recorder.Spans(MeshTelemetry.AttemptActivityName, p).Count == 2).ToList();
        Assert.NotEmpty(retried);
        Assert.All(parents.Except(retried), p => Assert.Single(recorder.Spans(MeshTelemetry.AttemptActivityName, p)));
        var tries = recorder.Spans(MeshTelemetry.AttemptActivityName, retried[0]).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal([0, 1], tries.Select(s => s.GetTagItem(MeshAttributes.RetryCount)));
        Assert.Equal([failing.Port, healthy.Port], tries.Select(s => s.GetTagItem("server.port")));
        Assert.Equal(503, tries[0].GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, tries[0].Status);
        Assert.Equal("503", tries[0].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, tries[1].Status);

        var retries = recorder.Measurements(MeshTelemetry.Retries, "tel-retried");
        Assert.Equal(retried.Count, retries.Sum(m => m.Value));
        Assert.All(retries, m => Assert.Equal(("tel-retried.default|v1", "rule-0"), (m.Tag(MeshAttributes.Cluster), m.Tag(MeshAttributes.Route))));

        var attempts = recorder.Measurements(HttpClientDuration, "tel-retried");
        Assert.True(parents.Count + retried.Count == attempts.Count, string.Join("\n", recorder.Measurements(HttpClientDuration).Where(m => Equals(m.Tag("server.port"), failing.Port) || Equals(m.Tag("server.port"), healthy.Port))));
        Assert.Equal(retried.Count, attempts.Count(m => Equals(m.Tag(MeshAttributes.RetryCount), 1) && Equals(m.Tag("http.response.status_code"), 200)));
        Assert.Equal(retried.Count, attempts.Count(m => Equals(m.Tag(MeshAttributes.RetryCount), 0) && Equals(m.Tag("http.response.status_code"), 503)));
        Assert.Equal(2, recorder.Measurements(MeshTelemetry.CallDuration, "tel-retried").Count(m => Equals(m.Tag("http.response.status_code"), 200)));
    }

    [Fact]
    public async Task A_call_rejected_by_an_injected_fault_gets_a_local_reply_span_and_is_flagged_FI_without_reaching_the_upstream()
    {
        using var recorder = new TelemetryRecorder();
        await using var upstream = await ScriptedUpstream.StartAsync("v1");
        await fixture.ApplyAsync("tel-fault.yaml", Service("tel-fault", [(upstream, "v1")], """
                - destinations: [{ subset: v1, weight: 100 }]
                  fault: { abort: { percent: 100, httpStatus: 503 } }
            """));
        await using var app = fixture.CreateApp();

        Activity parent;
        using (parent = TelemetryRecorder.Caller.StartActivity("caller")!)
        {
            using var response = await app.Client.GetAsync(new Uri("http://tel-fault/"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(0, upstream.Requests);
        Assert.Empty(recorder.Spans(MeshTelemetry.AttemptActivityName, parent));
        var span = Assert.Single(recorder.Spans(MeshTelemetry.LocalReplyActivityName, parent));
        Assert.Equal("FI", span.GetTagItem(MeshAttributes.ResponseFlags));
        Assert.Equal("tel-fault", span.GetTagItem(MeshAttributes.Service));
        Assert.Equal(503, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);

        Assert.Empty(recorder.Measurements(HttpClientDuration, "tel-fault"));
        var call = Assert.Single(recorder.Measurements(MeshTelemetry.CallDuration, "tel-fault"));
        Assert.Equal("FI", call.Tag(MeshAttributes.ResponseFlags));
        Assert.Equal(503, call.Tag("http.response.status_code"));
        Assert.Equal("v1", call.Tag(MeshAttributes.Subset));
    }

    [Fact]
    public async Task A_call_refused_by_an_open_circuit_is_counted_as_an_overflow_and_flagged_UO()
    {
        using var recorder = new TelemetryRecorder();
        await using var upstream = await ScriptedUpstream.StartAsync("v1");
        await fixture.ApplyAsync("tel-breaker.yaml", Service("tel-breaker", [(upstream, "v1")], """
                - destinations: [{ subset: v1, weight: 100 }]
            """) + """
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata: { name: tel-breaker }
            spec:
              service: tel-breaker
              circuitBreaker: { maxRequests: 1 }

            """);
        await using var app = fixture.CreateApp();
        using (var warm = await app.Client.GetAsync(new Uri("http://tel-breaker/")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        upstream.HoldBodies();
        using var holding = await app.Client.GetAsync(new Uri("http://tel-breaker/"), HttpCompletionOption.ResponseHeadersRead);
        Activity parent;
        using (parent = TelemetryRecorder.Caller.StartActivity("caller")!)
        {
            using var refused = await app.Client.GetAsync(new Uri("http://tel-breaker/"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        upstream.ReleaseBodies();
        var overflow = Assert.Single(recorder.Measurements(MeshTelemetry.CircuitBreakerOverflows, "tel-breaker"));
        Assert.Equal("max_requests", overflow.Tag(MeshAttributes.CircuitBreakerLimit));
        Assert.Equal("v1", overflow.Tag(MeshAttributes.Subset));
        var span = Assert.Single(recorder.Spans(MeshTelemetry.LocalReplyActivityName, parent));
        Assert.Equal("UO", span.GetTagItem(MeshAttributes.ResponseFlags));
        Assert.Single(recorder.Measurements(MeshTelemetry.CallDuration, "tel-breaker"), m => Equals(m.Tag(MeshAttributes.ResponseFlags), "UO"));
    }

    [Fact]
    public async Task An_endpoint_ejected_for_consecutive_5xx_is_counted_with_its_reason_and_address()
    {
        using var recorder = new TelemetryRecorder();
        await using var failing = await ScriptedUpstream.StartAsync("failing");
        await using var healthy = await ScriptedUpstream.StartAsync("healthy");
        failing.Status = 500;
        await fixture.ApplyAsync("tel-ejected.yaml", Service("tel-ejected", [(failing, "v1"), (healthy, "v1")], """
                - destinations: [{ subset: v1, weight: 100 }]
            """) + """
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: DestinationPolicy
            metadata: { name: tel-ejected }
            spec:
              service: tel-ejected
              outlierDetection: { consecutive5xx: 2, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50 }

            """);
        await using var app = fixture.CreateApp();

        // Round robin gives the failing endpoint every other call: its second 500 ejects it.
        for (var i = 0; i < 6; i++)
        {
            using var response = await app.Client.GetAsync(new Uri("http://tel-ejected/"));
        }

        var ejection = Assert.Single(recorder.Measurements(MeshTelemetry.OutlierEjections, "tel-ejected"));
        Assert.Equal("consecutive_5xx", ejection.Tag(MeshAttributes.EjectionReason));
        Assert.Equal(failing.Port, ejection.Tag("server.port"));
        Assert.Equal("tel-ejected.default|v1", ejection.Tag(MeshAttributes.Cluster));
        Assert.Equal(2, failing.Requests);
    }

    [Fact]
    public void Durations_advise_the_OpenTelemetry_HTTP_buckets_in_seconds()
    {
        Assert.Equal("s", MeshMetrics.CallDuration.Unit);
        Assert.Equal(
            [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
            MeshMetrics.CallDuration.Advice!.HistogramBucketBoundaries!);
    }

    // The upstream's parent is the try's span, or .NET's own HTTP span beneath it when System.Net.Http is listened to.
    private static void AssertPropagated(TelemetryRecorder recorder, string traceparent, Activity attempt)
    {
        var parts = traceparent.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(attempt.TraceId.ToHexString(), parts[1]);
        if (parts[2] != attempt.SpanId.ToHexString())
        {
            var http = recorder.Span(parts[2]);
            Assert.True(http is not null && http.ParentSpanId == attempt.SpanId, $"traceparent {traceparent} is neither the try's span {attempt.SpanId} nor a child of it");
        }
    }

    private static string Service(string name, (ScriptedUpstream Upstream, string Version)[] endpoints, string rules) =>
        MeshConfigFiles.Service(name, [.. endpoints.Select(e => (e.Upstream.Address, e.Version))]) + MeshConfigFiles.Route(name, rules);
}
