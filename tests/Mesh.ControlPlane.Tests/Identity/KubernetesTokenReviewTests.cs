using System.Text.Json;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Tests.Identity;

/// <summary>
/// Kubernetes service-account tokens, checked through the TokenReview API of a small local stand-in for the API
/// server that knows one token, and requires mesh-cp's own credentials.
/// </summary>
public sealed class KubernetesTokenReviewTests : IAsyncLifetime
{
    private const string PodToken = "projected-token-of-basket";
    private const string ControlPlaneCredentials = "mesh-cp-service-account-token";

    private WebApplication _apiServer = null!;
    private SecureControlPlane _controlPlane = null!;
    private readonly List<string?> _reviewedAudiences = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _apiServer = builder.Build();
        _apiServer.MapPost("/apis/authentication.k8s.io/v1/tokenreviews", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + ControlPlaneCredentials)
            {
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var review = await JsonDocument.ParseAsync(context.Request.Body);
            var spec = review.RootElement.GetProperty("spec");
            lock (_reviewedAudiences)
            {
                _reviewedAudiences.Add(spec.GetProperty("audiences")[0].GetString());
            }

            var authenticated = spec.GetProperty("token").GetString() == PodToken;
            return Results.Json(new
            {
                apiVersion = "authentication.k8s.io/v1",
                kind = "TokenReview",
                status = authenticated
                    ? (object)new { authenticated = true, user = new { username = "system:serviceaccount:default:basket" } }
                    : new { authenticated = false, error = "token not valid" },
            });
        });
        await _apiServer.StartAsync();

        var credentials = Path.GetTempFileName();
        await File.WriteAllTextAsync(credentials, ControlPlaneCredentials);
        _controlPlane = await SecureControlPlane.StartAsync("--kube-api", _apiServer.Urls.Single(), "--kube-token-file", credentials);
    }

    public async Task DisposeAsync()
    {
        await _controlPlane.DisposeAsync();
        await _apiServer.DisposeAsync();
    }

    [Fact]
    public async Task A_pod_token_gets_a_certificate_for_its_service_account_and_no_other()
    {
        var signed = await _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/basket", PodToken);
        var refused = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/ordering", PodToken));

        Assert.Single(signed.CertChain);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("mesh-cp", _reviewedAudiences);
    }

    [Fact]
    public async Task A_token_kubernetes_does_not_authenticate_gets_nothing()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => _controlPlane.CreateCertificateAsync("spiffe://shop.local/ns/default/sa/basket", "someone-elses-token"));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("token not valid", refused.Status.Detail, StringComparison.Ordinal);
    }
}
