using System.Net;

namespace Mesh.SidecarFallback.Forwarding;

/// <summary>
/// Sits under the mesh handler and keeps the raw connection stream of a <c>101 Switching Protocols</c>
/// response, which reads and writes, before the mesh wraps the response body read-only for its lease.
/// </summary>
internal sealed class UpgradeCapture : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<Stream> UpgradedStream = new("mesh-sidecar.upgraded-stream");

    /// <summary>The header a request asking to upgrade carries; the forwarder sets it, this handler keys on it.</summary>
    public const string UpgradeHeader = "Upgrade";

    public UpgradeCapture(HttpMessageHandler inner)
        : base(inner)
    {
    }

    // Only a request asking to upgrade can be answered 101; every other one passes with no state machine of its own.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Headers.NonValidated.Contains(UpgradeHeader)
            ? CaptureAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            request.Options.Set(UpgradedStream, stream);
        }

        return response;
    }
}
