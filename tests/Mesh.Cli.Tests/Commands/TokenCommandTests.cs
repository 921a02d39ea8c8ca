using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Mesh.Identity.V1;
using Mesh.Testing;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.Cli.Tests.Commands;

/// <summary><c>mesh token create</c> and <c>mesh token revoke</c> against a real mesh-cp with <c>--auth required</c>.</summary>
public sealed class TokenCommandTests
{
    private const string Basket = "spiffe://shop.local/ns/default/sa/basket";

    [Fact]
    public async Task Prints_a_token_the_ca_accepts_for_that_identity()
    {
        using var config = new TempConfig();
        await using var controlPlane = await StartAsync(config.Path);
        var admin = "http://" + controlPlane.AdminAddress;

        var run = await CliRun.RunAsync("token", "create", "--identity", Basket, "--control-plane", admin, "--ttl", "1h", "--admin-token-file", AdminTokenFile(controlPlane));

        Assert.True(run.ExitCode == 0, run.ToString());
        var token = run.Out.Trim();
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;
        Assert.Equal(Basket, claims.GetProperty("sub").GetString());
        Assert.Equal(3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());

        using var channel = new GrpcClientChannel(new Uri("http://" + controlPlane.XdsAddress));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var headers = new Metadata();
        headers.Add("authorization", "Bearer " + token);
        var signed = await channel.UnaryAsync(CertificateMethods.CreateCertificate, new CreateCertificateRequest { CsrPem = Csr(key) }, new CallOptions(headers));
        using var certificate = X509Certificate2.CreateFromPem(signed.CertChain[0]);
        Assert.True(certificate.NotAfter > DateTime.Now);
    }

    [Fact]
    public async Task Says_where_the_admin_token_is_when_it_is_missing_and_refuses_a_foreign_trust_domain()
    {
        using var config = new TempConfig();
        await using var controlPlane = await StartAsync(config.Path);
        var admin = "http://" + controlPlane.AdminAddress;
        var empty = Path.Combine(config.Path, "empty-token");
        await File.WriteAllTextAsync(empty, "not-the-token");

        var unauthorized = await CliRun.RunAsync("token", "create", "--identity", Basket, "--control-plane", admin, "--admin-token-file", empty);
        var foreign = await CliRun.RunAsync("token", "create", "--identity", "spiffe://other.local/ns/default/sa/basket", "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));

        Assert.True(unauthorized.ExitCode == 1, unauthorized.ToString());
        Assert.Contains("answered 401: mesh-cp requires its admin token; set $MESH_ADMIN_TOKEN_FILE to mesh-cp's DATA-DIR/admin.token", unauthorized.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, unauthorized.Out);
        Assert.True(foreign.ExitCode == 1, foreign.ToString());
        Assert.Contains("outside this mesh's trust domain shop.local", foreign.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revokes_a_token_by_id_or_by_its_text_and_the_revocation_outlives_a_restart()
    {
        using var config = new TempConfig();
        var byFile = Path.Combine(config.Path, "workload.token");
        string byId;
        await using (var controlPlane = await StartAsync(config.Path))
        {
            var admin = "http://" + controlPlane.AdminAddress;
            var first = await CliRun.RunAsync("token", "create", "--identity", Basket, "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));
            var second = await CliRun.RunAsync("token", "create", "--identity", Basket, "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));
            byId = first.Out.Trim();
            await File.WriteAllTextAsync(byFile, second.Out);
            var id = first.Error.Split('\n').Single(line => line.StartsWith("token ", StringComparison.Ordinal)).Split(' ')[1];
            Assert.Equal(StatusCode.OK, await CertificateStatusAsync(controlPlane, byId));

            var revokedById = await CliRun.RunAsync("token", "revoke", "--id", id, "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));
            var revokedByFile = await CliRun.RunAsync("token", "revoke", "--token-file", byFile, "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));
            var neither = await CliRun.RunAsync("token", "revoke", "--control-plane", admin);
            var typo = await CliRun.RunAsync("token", "revoke", "--id", id[..^1], "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));

            Assert.True(revokedById.ExitCode == 0, revokedById.ToString());
            Assert.Equal($"revoked token {id}", revokedById.Out.Trim());
            Assert.True(revokedByFile.ExitCode == 0, revokedByFile.ToString());
            Assert.NotEqual(0, neither.ExitCode);
            Assert.Contains("give exactly one of --id and --token-file", neither.Error, StringComparison.Ordinal);
            Assert.True(typo.ExitCode == 1, typo.ToString());
            Assert.Contains("is not a token ID", typo.Error, StringComparison.Ordinal);
            Assert.Equal(StatusCode.Unauthenticated, await CertificateStatusAsync(controlPlane, byId));
            Assert.Equal(StatusCode.Unauthenticated, await CertificateStatusAsync(controlPlane, (await File.ReadAllTextAsync(byFile)).Trim()));
        }

        await using var restarted = await StartAsync(config.Path);
        var fresh = await CliRun.RunAsync("token", "create", "--identity", Basket, "--control-plane", "http://" + restarted.AdminAddress, "--admin-token-file", AdminTokenFile(restarted));

        Assert.Equal(StatusCode.Unauthenticated, await CertificateStatusAsync(restarted, byId));
        Assert.Equal(StatusCode.Unauthenticated, await CertificateStatusAsync(restarted, (await File.ReadAllTextAsync(byFile)).Trim()));
        Assert.Equal(StatusCode.OK, await CertificateStatusAsync(restarted, fresh.Out.Trim()));
    }

    [Fact]
    public async Task Warns_of_a_replica_that_did_not_take_the_revocation()
    {
        using var config = new TempConfig();
        var gone = ControlPlaneProcess.FreePort();
        await using var controlPlane = await StartAsync(config.Path, "--peers", $"127.0.0.1:{gone}");
        var admin = "http://" + controlPlane.AdminAddress;
        var created = await CliRun.RunAsync("token", "create", "--identity", Basket, "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));

        var revoked = await CliRun.RunAsync("token", "revoke", "--token-file", WriteToken(config.Path, created.Out), "--control-plane", admin, "--admin-token-file", AdminTokenFile(controlPlane));

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains($"warning: not revoked on replica 127.0.0.1:{gone}: ", revoked.Error, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, await CertificateStatusAsync(controlPlane, created.Out.Trim()));
    }

    private static string WriteToken(string directory, string token)
    {
        var path = Path.Combine(directory, "revoke.token");
        File.WriteAllText(path, token);
        return path;
    }

    // How mesh-cp's CA answers a certificate request for Basket carrying the token.
    private static async Task<StatusCode> CertificateStatusAsync(ControlPlaneProcess controlPlane, string token)
    {
        using var channel = new GrpcClientChannel(new Uri("http://" + controlPlane.XdsAddress));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var headers = new Metadata();
        headers.Add("authorization", "Bearer " + token);
        try
        {
            await channel.UnaryAsync(CertificateMethods.CreateCertificate, new CreateCertificateRequest { CsrPem = Csr(key) }, new CallOptions(headers));
            return StatusCode.OK;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode;
        }
    }

    private static async Task<ControlPlaneProcess> StartAsync(string directory, params string[] extraArguments)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "mesh.yaml"), """
            apiVersion: mesh.dev/v1alpha1
            kind: Mesh
            metadata: { name: default }
            spec: { trustDomain: shop.local, mtls: strict }
            """);
        return await ControlPlaneProcess.StartAsync(directory, extraArguments: ["--auth", "required", "--data-dir", Path.Combine(directory, "data"), .. extraArguments]);
    }

    private static string AdminTokenFile(ControlPlaneProcess controlPlane) => Path.Combine(controlPlane.DataDirectory, "admin.token");

    private static string Csr(ECDsa key)
    {
        var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(Basket));
        request.CertificateExtensions.Add(san.Build(critical: true));
        return request.CreateSigningRequestPem();
    }
}
