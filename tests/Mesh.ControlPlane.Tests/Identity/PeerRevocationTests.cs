using Mesh.Testing;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Identity;

/// <summary>
/// Replicas that name each other with <c>--peers</c> and share one <c>--secrets-dir</c> but no data directory,
/// as <c>mesh install</c> runs them: a revocation taken by one reaches the others, and a replica started later.
/// </summary>
public sealed class PeerRevocationTests : IDisposable
{
    private const string Basket = "spiffe://shop.local/ns/default/sa/basket";
    private readonly string _secrets = Directory.CreateTempSubdirectory("mesh-cp-secrets-").FullName;

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    [Fact]
    public async Task A_token_revoked_on_one_replica_is_refused_by_its_peers_at_once_and_by_a_replica_started_later()
    {
        ControlPlaneSecrets.Write(_secrets);
        var ports = new[] { ControlPlaneProcess.FreePort(), ControlPlaneProcess.FreePort(), ControlPlaneProcess.FreePort() };
        var peers = string.Join(',', ports.Select(port => $"127.0.0.1:{port}"));
        await using var first = await SecureControlPlane.StartAsync(ports[0], "--secrets-dir", _secrets, "--peers", peers);
        await using var second = await SecureControlPlane.StartAsync(ports[1], "--secrets-dir", _secrets, "--peers", peers);
        var token = await first.TokenAsync(Basket);
        var kept = await first.TokenAsync(Basket);
        using var onSecond = await second.OpenListenerStreamAsync(token);

        var answer = await first.RevokeAsync(token);

        var revokedOn = answer.GetProperty("peers").GetProperty("revokedOn").EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal([$"127.0.0.1:{ports[1]}"], revokedOn);
        Assert.Contains(answer.GetProperty("peers").GetProperty("unreachable").EnumerateArray(), a => a.GetString()!.StartsWith($"127.0.0.1:{ports[2]}: ", StringComparison.Ordinal));
        Assert.True(await SecureControlPlane.EndsWithinAsync(onSecond, TimeSpan.FromSeconds(20)), "the second replica kept the revoked token's stream open");
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => second.CreateCertificateAsync(Basket, token))).StatusCode);

        await using var third = await SecureControlPlane.StartAsync(ports[2], "--secrets-dir", _secrets, "--peers", peers);

        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => third.CreateCertificateAsync(Basket, token))).StatusCode);
        Assert.NotEmpty((await third.CreateCertificateAsync(Basket, kept)).CertChain);
        Assert.Contains("took 1 token revocation(s) from the peers", third.Process.Process.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_that_missed_a_revocation_takes_it_at_its_next_peer_sync()
    {
        ControlPlaneSecrets.Write(_secrets);
        var firstPort = ControlPlaneProcess.FreePort();

        // The first replica does not know the second, so its revocation cannot reach it: only the sync can.
        await using var first = await SecureControlPlane.StartAsync(firstPort, "--secrets-dir", _secrets);
        await using var second = await SecureControlPlane.StartAsync(0, "--secrets-dir", _secrets, "--peers", $"127.0.0.1:{firstPort}", "--peer-sync", "1s");
        var token = await first.TokenAsync(Basket);
        using var onSecond = await second.OpenListenerStreamAsync(token);

        await first.RevokeAsync(token);

        Assert.True(await SecureControlPlane.EndsWithinAsync(onSecond, TimeSpan.FromSeconds(20)), "the second replica kept the revoked token's stream open");
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => second.CreateCertificateAsync(Basket, token))).StatusCode);
    }
}
