using System.Net;
using Mesh.Sdk.Telemetry;
using Mesh.Sdk.Tests.Hosting;
using Mesh.Sdk.Tests.Integration;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>ASP.NET Core's own <c>http.server.request.duration</c>, tagged by <c>UseMesh()</c> in a real Kestrel app on a real mesh-cp.</summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class InboundTelemetryTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    [Fact]
    public async Task Server_durations_carry_the_service_and_a_rate_limited_request_is_flagged_RL()
    {
        using var recorder = new TelemetryRecorder();
        await using var app = await InboundApp.StartAsync("tel-inbound", $"http://{fixture.ControlPlane.XdsAddress}", new FakeTimeProvider());
        await fixture.ApplyAsync("tel-inbound.yaml", $$"""
            {{MeshConfigFiles.Header}}kind: MeshService
            metadata: { name: tel-inbound }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints: [{ address: "{{app.Address}}" }]
            ---
            {{MeshConfigFiles.Header}}kind: RateLimit
            metadata: { name: tel-inbound }
            spec: { service: tel-inbound, requestsPerSecond: 1, burst: 1 }

            """);
        await app.WaitForLimitAsync();

        using (var admitted = await app.Client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        }

        using (var refused = await app.Client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        var durations = await Eventually.WaitAsync(
            () => Task.FromResult(recorder.Measurements("http.server.request.duration", "tel-inbound")),
            found => found.Count == 2,
            "two server durations");
        Assert.All(durations, m => Assert.Equal("default", m.Tag(MeshAttributes.Namespace)));
        Assert.Equal([(200, null), (429, "RL")], durations.Select(m => ((int)m.Tag("http.response.status_code")!, m.Tag(MeshAttributes.ResponseFlags))).OrderBy(t => t.Item1));
    }
}
