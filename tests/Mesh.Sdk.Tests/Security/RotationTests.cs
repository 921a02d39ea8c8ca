using Mesh.Sdk.Security;
using Mesh.Sdk.Tests.Integration;

namespace Mesh.Sdk.Tests.Security;

/// <summary>Certificate rotation at half-life under continuous load, with certificates that live four seconds.</summary>
public sealed class RotationTests
{
    [Fact]
    public async Task Calls_keep_succeeding_while_both_sides_rotate_their_certificates_several_times()
    {
        await using var mesh = await SecureMesh.StartAsync("strict", extraArguments: ["--workload-cert-ttl", "4s"]);
        await using var server = await SecureServer.StartAsync("orders", mesh.Ports["orders"], mesh.XdsUrl, await mesh.TokenFileAsync(SecureMesh.Identity("orders")));

        // New connections every 200 ms, so every rotation is exercised by handshakes, not hidden by a pooled connection.
        await using var caller = MeshApp.Create(
            MtlsModeTests.Settings(mesh, "basket", await mesh.TokenFileAsync(SecureMesh.Identity("basket"))),
            services => services.ConfigureHttpClientDefaults(client =>
                client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMilliseconds(200) })));
        await server.WaitForCertificateAsync();

        var identity = caller.Services.GetRequiredService<WorkloadIdentity>();
        var serverIdentity = server.Services.GetRequiredService<WorkloadIdentity>();
        var clientCertificates = new HashSet<string>();
        var serverCertificates = new HashSet<string>();
        var tally = new CallTally();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(12);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < until)
            {
                try
                {
                    tally.Add(await caller.GetAsync("http://orders/whoami"));
                }
                catch (HttpRequestException exception)
                {
                    tally.Fail(exception);
                }
            }
        })).ToList();
        while (DateTime.UtcNow < until)
        {
            lock (clientCertificates)
            {
                if (identity.Current is { } mine)
                {
                    clientCertificates.Add(mine.Certificate.Thumbprint);
                }

                if (serverIdentity.Current is { } theirs)
                {
                    serverCertificates.Add(theirs.Certificate.Thumbprint);
                }
            }

            await Task.Delay(100);
        }

        await Task.WhenAll(workers);

        Assert.True(tally.Failed == 0, $"{tally.Failed} calls failed; last: {tally.LastError}");
        Assert.True(tally.Of(SecureMesh.Identity("basket")) > 100, $"only {tally.Of(SecureMesh.Identity("basket"))} calls succeeded");

        // Twelve seconds of four-second certificates renewed at half-life: five or so each; without rotation, one.
        Assert.True(clientCertificates.Count >= 4, $"the client used {clientCertificates.Count} certificates");
        Assert.True(serverCertificates.Count >= 4, $"the server used {serverCertificates.Count} certificates");
    }
}
