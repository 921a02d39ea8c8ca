using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Envoy.Service.Discovery.V3;
using Mesh.Identity.V1;
using Mesh.Testing;
using Mesh.Xds;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Identity;

/// <summary>A real mesh-cp with <c>--auth required</c> on a one-service config in trust domain <c>shop.local</c>, and calls to it.</summary>
internal sealed class SecureControlPlane : IAsyncDisposable
{
    private SecureControlPlane(ControlPlaneProcess process, string root, string adminTokenFile)
    {
        Process = process;
        Root = root;
        AdminToken = File.ReadAllText(adminTokenFile).Trim();
        Channel = new GrpcClientChannel(new Uri($"http://{process.XdsAddress}"));
    }

    public ControlPlaneProcess Process { get; }

    public string Root { get; }

    public string AdminToken { get; }

    public GrpcClientChannel Channel { get; }

    public static Task<SecureControlPlane> StartAsync(params string[] extraArguments) => StartAsync(0, extraArguments);

    /// <summary>Starts one with its admin API on <paramref name="adminPort"/> (0: the OS picks), for replicas that name each other.</summary>
    public static async Task<SecureControlPlane> StartAsync(int adminPort, params string[] extraArguments)
    {
        var root = Directory.CreateTempSubdirectory("mesh-cp-auth-").FullName;
        var config = Path.Combine(root, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "mesh.yaml"), """
            apiVersion: mesh.dev/v1alpha1
            kind: Mesh
            metadata: { name: default }
            spec: { trustDomain: shop.local, mtls: strict }
            ---
            apiVersion: mesh.dev/v1alpha1
            kind: MeshService
            metadata: { name: basket }
            spec:
              ports: [{ name: http, port: 80, protocol: http }]
              endpoints: [{ address: "127.0.0.1:5201" }]
            """);
        var process = await ControlPlaneProcess.StartAsync(config, extraArguments: ["--auth", "required", "--data-dir", Path.Combine(root, "data"), .. extraArguments], adminPort: adminPort);
        var secrets = Array.IndexOf(extraArguments, "--secrets-dir") is var at and >= 0 ? extraArguments[at + 1] : null;
        var shared = secrets is null ? null : Path.Combine(secrets, "admin.token");
        return new SecureControlPlane(process, root, shared is not null && File.Exists(shared) ? shared : Path.Combine(process.DataDirectory, "admin.token"));
    }

    /// <summary>A workload token from <c>POST /tokens</c> with the admin token.</summary>
    public async Task<string> TokenAsync(string identity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "tokens") { Content = JsonContent.Create(new { identity, ttl = "1h" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Process.Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Asks the CA to sign a CSR for <paramref name="identity"/>, presenting <paramref name="token"/> if any.</summary>
    public Task<CreateCertificateResponse> CreateCertificateAsync(string identity, string? token)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Channel.UnaryAsync(
            CertificateMethods.CreateCertificate,
            new CreateCertificateRequest { CsrPem = CertificateAuthorityTests.Csr(key, identity) },
            new CallOptions(Headers(token), DateTime.UtcNow.AddSeconds(10)));
    }

    /// <summary>Opens an ADS stream and returns the first response (or throws the status the server ended it with).</summary>
    public async Task<DiscoveryResponse> FirstListenerResponseAsync(string? token)
    {
        using var call = await OpenListenerStreamAsync(token, DateTime.UtcNow.AddSeconds(10));
        return call.ResponseStream.Current;
    }

    /// <summary>An ADS stream that has received its first listener response, left open for the caller.</summary>
    public async Task<AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse>> OpenListenerStreamAsync(string? token, DateTime? deadline = null)
    {
        var call = Channel.DuplexStreaming(AdsMethods.StreamAggregatedResources, new CallOptions(Headers(token), deadline));
        try
        {
            var request = new DiscoveryRequest
            {
                Node = new Envoy.Config.Core.V3.Node { Id = "auth-test", Cluster = "basket" },
                TypeUrl = "type.googleapis.com/envoy.config.listener.v3.Listener",
            };
            request.ResourceNames.Add("basket");
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>Revokes <paramref name="token"/> through <c>POST /tokens/revoke</c> with the admin token; returns the answer.</summary>
    public async Task<JsonElement> RevokeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "tokens/revoke") { Content = JsonContent.Create(new { token }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Process.Admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>True when the server ends the stream (cleanly or by resetting it) before <paramref name="wait"/> is over.</summary>
    public static async Task<bool> EndsWithinAsync(AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> call, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
            }

            return true;
        }
        catch (Exception) when (!timeout.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public static Metadata? Headers(string? token)
    {
        if (token is null)
        {
            return null;
        }

        var headers = new Metadata();
        headers.Add("authorization", "Bearer " + token);
        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Process.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
