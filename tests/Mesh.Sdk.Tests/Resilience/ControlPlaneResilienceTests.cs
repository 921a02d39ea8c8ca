using System.Diagnostics;
using System.Net;
using Mesh.Sdk.Hosting;
using Mesh.Sdk.Tests.Integration;

namespace Mesh.Sdk.Tests.Resilience;

/// <summary>The headline resilience behaviours, configured in mesh YAML and served by a real mesh-cp to real Kestrel upstreams.</summary>
public sealed class ControlPlaneResilienceTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task A_killed_endpoint_is_ejected_within_a_second_and_callers_see_almost_no_failures()
    {
        await using var a = await ScriptedUpstream.StartAsync("a");
        await using var b = await ScriptedUpstream.StartAsync("b");
        await using var c = await ScriptedUpstream.StartAsync("c");
        await fixture.ApplyAsync("killed.yaml", Service("killed", [a, b, c], """
              rules:
                - destinations: [{ weight: 1 }]
                  retries: { attempts: 2, retryOn: [connect-failure, reset, 5xx] }
            """, """
              outlierDetection: { consecutive5xx: 3, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50 }
              circuitBreaker: { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 16 }
            """));
        await using var app = fixture.CreateApp();
        await WarmUpAsync(app, "http://killed/");
        var router = app.Services.GetRequiredService<MeshRouter>();

        const int calls = 3000;
        const int KillAfter = 600;
        var completed = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var killed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int call;
            while ((call = Interlocked.Increment(ref completed)) <= calls)
            {
                if (call == KillAfter)
                {
                    await c.StopAsync();
                    killed.TrySetResult(Stopwatch.GetTimestamp());
                }

                using var response = await app.Client.GetAsync(new Uri("http://killed/"));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)response.StatusCode} {string.Join(',', response.Headers.TryGetValues("x-mesh-response-flags", out var flags) ? flags : [])}");
                }
            }
        })).ToArray();

        var killedAt = await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var ejectedAfter = await WaitForEjectionAsync(router, c.Port, TimeSpan.FromSeconds(5));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        // Eight callers may all hit the dead endpoint at once; max_retries lets each of them retry.
        Assert.True(failures.Count <= calls / 1000, $"{failures.Count} of {calls} calls failed: {string.Join("; ", failures)}");
        Assert.True(Stopwatch.GetElapsedTime(killedAt, ejectedAfter) < TimeSpan.FromSeconds(1), $"ejected {Stopwatch.GetElapsedTime(killedAt, ejectedAfter)} after the kill");
    }

    [Fact]
    public async Task A_fully_failing_service_gets_no_more_retries_than_its_budget()
    {
        await using var down = await ScriptedUpstream.StartAsync("down");
        await fixture.ApplyAsync("down.yaml", Service("down", [down], """
              rules:
                - destinations: [{ weight: 1 }]
                  retries: { attempts: 3, retryOn: [5xx], budgetPercent: 20 }
            """));
        await using var app = fixture.CreateApp();
        await WarmUpAsync(app, "http://down/");
        down.Status = 503;
        var before = down.Requests;

        const int calls = 500;
        var started = Stopwatch.GetTimestamp();
        var flagged = 0;
        await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, token) =>
        {
            using var response = await app.Client.GetAsync(new Uri("http://down/"), token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            if (response.Headers.TryGetValues("x-mesh-response-flags", out var flags) && flags.Single().Contains("URX", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref flagged);
            }
        });

        var seconds = Math.Ceiling(Stopwatch.GetElapsedTime(started).TotalSeconds);
        var retries = down.Requests - before - calls;

        // 20 % of the calls, plus the budget's floor of 10 retries a second at low traffic.
        Assert.InRange(retries, 1, (calls * 0.2) + (10 * seconds) + 1);
        Assert.True(flagged > calls / 2, $"only {flagged} of {calls} responses say the retries ran out");
    }

    [Fact]
    public async Task Breaker_overflow_answers_503_at_once_with_the_limit_named_until_a_held_body_ends()
    {
        await using var slow = await ScriptedUpstream.StartAsync("slow");
        await fixture.ApplyAsync("slow.yaml", Service("slow", [slow], string.Empty, """
              circuitBreaker: { maxConnections: 100, maxPendingRequests: 100, maxRequests: 2, maxRetries: 3 }
            """));
        await using var app = fixture.CreateApp();
        await WarmUpAsync(app, "http://slow/");

        slow.HoldBodies();
        var held = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            held.Add(await app.Client.GetAsync(new Uri("http://slow/"), HttpCompletionOption.ResponseHeadersRead));
        }

        var timings = new List<TimeSpan>();
        for (var i = 0; i < 50; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var overflow = await app.Client.GetAsync(new Uri("http://slow/"), HttpCompletionOption.ResponseHeadersRead);
            timings.Add(Stopwatch.GetElapsedTime(started));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
            Assert.Equal("UO", overflow.Headers.GetValues("x-mesh-response-flags").Single());
            Assert.Equal("max_requests", overflow.Headers.GetValues("x-mesh-overflow").Single());
        }

        timings.Sort();
        Assert.True(timings[timings.Count / 2] < TimeSpan.FromMilliseconds(1), $"median overflow took {timings[timings.Count / 2].TotalMilliseconds} ms");

        // A call is in flight until its body ends: disposing one held response frees its slot.
        held[0].Dispose();
        slow.ReleaseBodies();
        using var admitted = await app.Client.GetAsync(new Uri("http://slow/"));
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        held[1].Dispose();
    }

    [Fact]
    public async Task Fault_injection_hits_its_percentages_within_three_points_over_5000_calls()
    {
        await using var faulty = await ScriptedUpstream.StartAsync("faulty");
        await fixture.ApplyAsync("faulty.yaml", Service("faulty", [faulty], """
              rules:
                - destinations: [{ weight: 1 }]
                  fault: { abort: { percent: 10, httpStatus: 418 }, delay: { percent: 20, fixedDelay: 1ms } }
            """));
        await using var app = fixture.CreateApp();
        await WarmUpAsync(app, "http://faulty/", HttpStatusCode.OK, (HttpStatusCode)418);

        const int calls = 5000;
        int aborted = 0, delayed = 0;
        await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, token) =>
        {
            using var response = await app.Client.GetAsync(new Uri("http://faulty/"), token);
            var flags = response.Headers.TryGetValues("x-mesh-response-flags", out var values) ? values.Single() : string.Empty;
            if ((int)response.StatusCode == 418)
            {
                Assert.Contains("FI", flags, StringComparison.Ordinal);
                Interlocked.Increment(ref aborted);
            }

            if (flags.Contains("DI", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref delayed);
            }
        });

        Assert.InRange(100.0 * aborted / calls, 7, 13);
        Assert.InRange(100.0 * delayed / calls, 17, 23);
    }

    [Fact]
    public async Task A_caller_leaves_the_callee_rate_limit_to_the_callee_instances()
    {
        await using var limited = await ScriptedUpstream.StartAsync("limited");
        await fixture.ApplyAsync("limited.yaml", Service("limited", [limited], string.Empty) + $$"""

            ---
            {{MeshConfigFiles.Header}}kind: RateLimit
            metadata: { name: limited }
            spec: { service: limited, requestsPerSecond: 1, burst: 5 }

            """);
        await using var app = fixture.CreateApp();
        await WarmUpAsync(app, "http://limited/");
        var before = limited.Requests;

        for (var i = 0; i < 10; i++)
        {
            using var response = await app.Client.GetAsync(new Uri("http://limited/"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("x-mesh-response-flags"));
        }

        Assert.Equal(10, limited.Requests - before);
    }

    private static string Service(string name, ScriptedUpstream[] upstreams, string routeSpec, string destinationSpec = "")
    {
        var endpoints = string.Join("\n", upstreams.Select(u => $"    - {{ address: \"{u.Address}\" }}"));
        var yaml = $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: {{name}} }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints:
            {{endpoints}}

            """;
        if (routeSpec.Length > 0)
        {
            yaml += "\n" + $$"""
                ---
                {{MeshConfigFiles.Header}}kind: TrafficRoute
                metadata: { name: {{name}} }
                spec:
                  service: {{name}}
                {{routeSpec}}
                """;
        }

        if (destinationSpec.Length > 0)
        {
            yaml += "\n" + $$"""
                ---
                {{MeshConfigFiles.Header}}kind: DestinationPolicy
                metadata: { name: {{name}} }
                spec:
                  service: {{name}}
                {{destinationSpec}}
                """;
        }

        return yaml;
    }

    private static async Task WarmUpAsync(MeshApp app, string url, params HttpStatusCode[] accepted)
    {
        HttpStatusCode[] ok = accepted.Length > 0 ? accepted : [HttpStatusCode.OK];
        await Eventually.WaitAsync(
            async () =>
            {
                using var response = await app.Client.GetAsync(new Uri(url));
                return response.StatusCode;
            },
            ok.Contains,
            $"{url} answering");
    }

    private static async Task<long> WaitForEjectionAsync(MeshRouter router, int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            foreach (var cluster in router.Table.Clusters.Values)
            {
                if (cluster.Endpoints.Any(endpoint => endpoint.Port == port && endpoint.IsEjected))
                {
                    return Stopwatch.GetTimestamp();
                }
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"The endpoint on port {port} was not ejected within {timeout}.");
    }
}
