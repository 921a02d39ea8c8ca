using System.Buffers;
using System.Net;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// Keeps a copy of a gRPC request body while it is first sent, so a retry can send it again: a unary
/// call's single message, or a stream that ended within <see cref="MaxBuffered"/> bytes. A body still
/// streaming, or larger than that, is never replayed, as gRPC's own retries buffer per call.
/// </summary>
internal sealed class ReplayableContent : HttpContent
{
    /// <summary>The most a call's body may hold to stay replayable.</summary>
    public const int MaxBuffered = 64 * 1024;

    private const int Fresh = 0;
    private const int Sending = 1;
    private const int Complete = 2;
    private const int Spent = 3;

    private readonly HttpContent _inner;
    private readonly ArrayBufferWriter<byte> _copy = new();
    private int _state;

    public ReplayableContent(HttpContent inner)
    {
        _inner = inner;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>The original content, put back on the request once the call is sent.</summary>
    public HttpContent Inner => _inner;

    /// <summary>True once the whole body was sent and kept.</summary>
    public bool CanReplay => Volatile.Read(ref _state) == Complete;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (CanReplay)
        {
            await stream.WriteAsync(_copy.WrittenMemory, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Interlocked.CompareExchange(ref _state, Sending, Fresh) != Fresh)
        {
            throw new InvalidOperationException("The request body was streamed already and was not kept; it cannot be sent again.");
        }

        var tee = new CopyingStream(stream, this);
        try
        {
            await _inner.CopyToAsync(tee, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, tee.Overflowed ? Spent : Complete);
        }
        catch
        {
            Volatile.Write(ref _state, Spent);
            throw;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    private sealed class CopyingStream(Stream target, ReplayableContent owner) : Stream
    {
        public bool Overflowed { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Keep(buffer);
            target.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return target.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => target.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => target.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (Overflowed)
            {
                return;
            }

            if (owner._copy.WrittenCount + bytes.Length > MaxBuffered)
            {
                Overflowed = true;
                owner._copy.Clear();
                return;
            }

            owner._copy.Write(bytes);
        }
    }
}
