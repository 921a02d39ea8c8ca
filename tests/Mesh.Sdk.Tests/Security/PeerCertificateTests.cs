namespace Mesh.Sdk.Tests.Security;

/// <summary>
/// What a strict server accepts as a caller's certificate: hand-made certificates against a real mesh-cp and a
/// real <c>UseMesh()</c> server. The first test shows the same kind of client gets through with a good
/// certificate, so each refusal below is the server's check and nothing else.
/// </summary>
public sealed class PeerCertificateTests : IAsyncLifetime
{
    private SecureMesh _mesh = null!;
    private SecureServer _server = null!;

    public async Task InitializeAsync()
    {
        _mesh = await SecureMesh.StartAsync("strict");
        _server = await SecureServer.StartAsync("orders", _mesh.Ports["orders"], _mesh.XdsUrl, await _mesh.TokenFileAsync(SecureMesh.Identity("orders")));
        await _server.WaitForCertificateAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _mesh.DisposeAsync();
    }

    [Fact]
    public async Task A_certificate_from_the_mesh_ca_in_its_trust_domain_is_accepted()
    {
        using var root = TestCertificates.MeshRoot(_mesh.ControlPlane.DataDirectory);
        using var certificate = TestCertificates.Workload(root, SecureMesh.Identity("basket"), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var client = TestCertificates.ClientWith(certificate);

        Assert.Equal(SecureMesh.Identity("basket"), await client.GetStringAsync(Url));
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused()
    {
        using var root = TestCertificates.OtherRoot();
        using var certificate = TestCertificates.Workload(root, SecureMesh.Identity("basket"), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

        await AssertRefusedAsync(certificate, "does not verify against the mesh trust bundle");
    }

    [Fact]
    public async Task A_certificate_for_another_trust_domain_is_refused_even_from_the_mesh_ca()
    {
        using var root = TestCertificates.MeshRoot(_mesh.ControlPlane.DataDirectory);
        using var certificate = TestCertificates.Workload(root, "spiffe://other.local/ns/default/sa/basket", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

        await AssertRefusedAsync(certificate, "outside this mesh's trust domain test.local");
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        using var root = TestCertificates.MeshRoot(_mesh.ControlPlane.DataDirectory);
        using var certificate = TestCertificates.Workload(root, SecureMesh.Identity("basket"), DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(-1));

        await AssertRefusedAsync(certificate, "does not verify against the mesh trust bundle");
    }

    [Fact]
    public async Task A_certificate_not_yet_valid_is_refused()
    {
        using var root = TestCertificates.MeshRoot(_mesh.ControlPlane.DataDirectory);
        using var certificate = TestCertificates.Workload(root, SecureMesh.Identity("basket"), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));

        await AssertRefusedAsync(certificate, "does not verify against the mesh trust bundle");
    }

    private string Url => $"https://127.0.0.1:{_mesh.Ports["orders"]}/whoami";

    private async Task AssertRefusedAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string reason)
    {
        using var client = TestCertificates.ClientWith(certificate);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(Url));
        Assert.Contains(_server.Log, line => line.StartsWith("6103 ", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
    }
}
