using System.Collections.Concurrent;

namespace Mesh.Sdk.Tests.Hosting;

/// <summary>Stands in for the network: records each request URI and Host header as it reaches the primary handler and answers 200.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    public ConcurrentQueue<(Uri Uri, string? Host)> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.RequestUri!, request.Headers.Host));
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request });
    }
}
