using System.Net.Http.Headers;
using System.Text.Json;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Identity;

/// <summary>
/// Replicas that name each other with <c>--peers</c>: <c>GET /clients</c> and the dashboard on one list the clients
/// streaming from the other.
/// </summary>
public sealed class ReplicaClientsTests : IDisposable
{
    private readonly string _secrets = Directory.CreateTempSubdirectory("mesh-cp-secrets-").FullName;

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    [Fact]
    public async Task Clients_on_either_replica_list_every_replicas_clients_marked_with_the_one_they_stream_from()
    {
        ControlPlaneSecrets.Write(_secrets);
        var ports = new[] { ControlPlaneProcess.FreePort(), ControlPlaneProcess.FreePort() };
        var peers = string.Join(',', ports.Select(port => $"127.0.0.1:{port}"));
        await using var first = await SecureControlPlane.StartAsync(ports[0], "--secrets-dir", _secrets, "--peers", peers);
        await using var second = await SecureControlPlane.StartAsync(ports[1], "--secrets-dir", _secrets, "--peers", peers);
        using var onSecond = await second.OpenListenerStreamAsync(first.AdminToken);

        var fromFirst = await GetAsync(first, "clients");
        var fromSecond = await GetAsync(second, "clients");
        var firstLocal = await GetAsync(first, "clients/local");
        var dashboard = await GetTextAsync(first, "dashboard/view");

        var remote = Assert.Single(fromFirst.EnumerateArray());
        Assert.Equal("auth-test", remote.GetProperty("nodeId").GetString());
        Assert.Equal($"127.0.0.1:{ports[1]}", remote.GetProperty("replica").GetString());
        var listeners = remote.GetProperty("types")[0];
        Assert.Equal("type.googleapis.com/envoy.config.listener.v3.Listener", listeners.GetProperty("typeUrl").GetString());
        Assert.Equal(JsonValueKind.String, listeners.GetProperty("lastSentVersion").ValueKind);
        var own = Assert.Single(fromSecond.EnumerateArray());
        Assert.False(own.TryGetProperty("replica", out _));
        Assert.Empty(firstLocal.GetProperty("clients").EnumerateArray());
        Assert.Contains($"via replica 127.0.0.1:{ports[1]}", dashboard, StringComparison.Ordinal);
        Assert.Contains($"<details id=\"client-127-0-0-1-{ports[1]}-", dashboard, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetAsync(SecureControlPlane controlPlane, string path) =>
        JsonDocument.Parse(await GetTextAsync(controlPlane, path)).RootElement;

    private static async Task<string> GetTextAsync(SecureControlPlane controlPlane, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", controlPlane.AdminToken);
        using var response = await controlPlane.Process.Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
