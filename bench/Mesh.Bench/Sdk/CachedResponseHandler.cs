namespace Mesh.Bench.Sdk;

/// <summary>A terminal handler that answers every request at once with the same response: no I/O, no allocation.</summary>
internal sealed class CachedResponseHandler : HttpMessageHandler
{
    private readonly HttpResponseMessage _response = new(System.Net.HttpStatusCode.OK);
    private readonly Task<HttpResponseMessage> _answer;

    public CachedResponseHandler() => _answer = Task.FromResult(_response);

    /// <summary>The host and port of the last request, to check that the mesh rewrote it.</summary>
    public string? LastAuthority { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastAuthority = request.RequestUri?.Authority;
        return _answer;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
