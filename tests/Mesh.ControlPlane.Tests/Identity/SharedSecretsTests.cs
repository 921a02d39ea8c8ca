using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Identity;

/// <summary>Replicas reading one <c>--secrets-dir</c> (a mounted Kubernetes Secret) share the admin token and the workload-token key.</summary>
public sealed class SharedSecretsTests : IDisposable
{
    private const string Basket = "spiffe://shop.local/ns/default/sa/basket";
    private readonly string _secrets = Directory.CreateTempSubdirectory("mesh-cp-secrets-").FullName;

    public void Dispose() => Directory.Delete(_secrets, recursive: true);

    [Fact]
    public async Task Two_replicas_reading_one_secrets_dir_take_the_same_admin_token_and_each_others_workload_tokens()
    {
        ControlPlaneSecrets.Write(_secrets);
        await using var first = await SecureControlPlane.StartAsync("--secrets-dir", _secrets);
        await using var second = await SecureControlPlane.StartAsync("--secrets-dir", _secrets);

        var fromFirst = await first.TokenAsync(Basket);
        var fromSecond = await second.TokenAsync(Basket);
        var signedBySecond = await second.CreateCertificateAsync(Basket, fromFirst);
        var signedByFirst = await first.CreateCertificateAsync(Basket, fromSecond);

        Assert.NotEmpty(signedBySecond.CertChain);
        Assert.NotEmpty(signedByFirst.CertChain);
        Assert.False(File.Exists(Path.Combine(first.Process.DataDirectory, "admin.token")), "a replica with a shared admin token made its own");
    }

    [Theory]
    [InlineData("token.key", "not base64!", "the token key is not base64")]
    [InlineData("token.key", "c2hvcnQ=", "the token key is 5 bytes; it needs at least 32")]
    [InlineData("admin.token", "short", "the admin token must be at least 32 characters")]
    public async Task A_shared_secret_that_does_not_read_stops_mesh_cp_naming_the_file(string file, string content, string error)
    {
        File.WriteAllText(Path.Combine(_secrets, file), content);
        var config = Directory.CreateDirectory(Path.Combine(_secrets, "..", Path.GetFileName(_secrets) + "-config")).FullName;
        try
        {
            await using var process = ControlPlaneProcess.Launch(config, null, ["--auth", "required", "--data-dir", Path.Combine(config, "data"), "--secrets-dir", _secrets]);

            Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains($"mesh-cp cannot start: {Path.Combine(_secrets, file)}: {error}", process.Transcript, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
