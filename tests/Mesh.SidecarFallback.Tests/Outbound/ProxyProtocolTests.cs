using System.Globalization;
using System.Net;
using System.Text.Json;
using Mesh.SidecarFallback.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Mesh.SidecarFallback.Tests.Outbound;

/// <summary>The outbound port as an HTTP proxy: absolute-form targets, hop-by-hop headers and X-Forwarded-*.</summary>
public sealed class ProxyProtocolTests
{
    private static string Service(int port) => string.Format(
        CultureInfo.InvariantCulture,
        """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshService
        metadata: {{ name: catalog }}
        spec:
          ports: [{{ name: http, port: 8080, protocol: http }}]
          endpoints: [{{ address: "127.0.0.1:{0}" }}]
        """,
        port);

    // Answers with the headers it received, as JSON.
    private static Task<KestrelUpstream> HeaderEchoAsync() => KestrelUpstream.StartAsync(context =>
    {
        var headers = context.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(headers));
    });

    [Fact]
    public async Task A_client_using_the_sidecar_as_http_proxy_is_routed_to_the_mesh_service()
    {
        await using var catalog = await HeaderEchoAsync();
        await using var mesh = await SidecarScenario.StartAsync(Service(catalog.Port));
        using var handler = new HttpClientHandler { Proxy = new WebProxy($"http://127.0.0.1:{mesh.Sidecar.OutboundPort}"), UseProxy = true };
        using var http = new HttpClient(handler);

        var headers = JsonDocument.Parse(await http.GetStringAsync("http://catalog/api/products")).RootElement;

        Assert.Equal("catalog", headers.GetProperty("host").GetString());
        Assert.Equal(1, catalog.Hits);
    }

    [Fact]
    public async Task Hop_by_hop_headers_stay_behind_and_forwarding_headers_are_added()
    {
        await using var catalog = await HeaderEchoAsync();
        await using var mesh = await SidecarScenario.StartAsync(Service(catalog.Port));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{mesh.Sidecar.OutboundPort}/api/products");
        request.Headers.Host = "catalog";
        request.Headers.TryAddWithoutValidation("Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic c2VjcmV0");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");

        using var response = await http.SendAsync(request);
        var headers = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.False(headers.TryGetProperty("connection", out _) && headers.GetProperty("connection").GetString() != "keep-alive", "the caller's Connection was forwarded");
        Assert.False(headers.TryGetProperty("keep-alive", out _), "Keep-Alive was forwarded");
        Assert.False(headers.TryGetProperty("proxy-authorization", out _), "Proxy-Authorization was forwarded");
        Assert.Equal("trailers", headers.GetProperty("te").GetString());
        Assert.Equal("kept", headers.GetProperty("x-end-to-end").GetString());
        Assert.Equal("203.0.113.7, 127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("http", headers.GetProperty("x-forwarded-proto").GetString());
        Assert.Equal("catalog", headers.GetProperty("x-forwarded-host").GetString());
    }
}
