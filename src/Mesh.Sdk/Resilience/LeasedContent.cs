using System.Net;

namespace Mesh.Sdk.Resilience;

/// <summary>An upstream response body that releases its try's <see cref="CallLease"/> when it ends or is disposed.</summary>
internal sealed class LeasedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly CallLease _lease;

    public LeasedContent(HttpContent inner, CallLease lease)
    {
        _inner = inner;
        _lease = lease;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lease.Release();
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new LeasedStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _lease);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        new LeasedStream(_inner.ReadAsStream(cancellationToken), _lease);

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lease.Release();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
