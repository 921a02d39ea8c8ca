using System.Buffers;
using System.Net;

namespace Mesh.SidecarFallback.Forwarding;

/// <summary>
/// The caller's request body, sent upstream as it arrives: each chunk is flushed at once, so a gRPC client
/// stream or a long upload is never buffered whole. Sent once; a retry of a streamed body is refused by the mesh.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _body;
    private readonly CancellationToken _aborted;
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent(HttpRequest request)
    {
        _body = request.Body;
        _aborted = request.HttpContext.RequestAborted;
    }

    /// <summary>Completes when the whole body went upstream, or sending it stopped.</summary>
    public Task Sent => _sent.Task;

    /// <summary>Why the caller's body could not be read, when that is what stopped the request.</summary>
    public BadHttpRequestException? CallerFault { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted);
            while (true)
            {
                int read;
                try
                {
                    read = await _body.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                }
                catch (BadHttpRequestException exception)
                {
                    CallerFault = exception;
                    throw;
                }

                if (read == 0)
                {
                    break;
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), linked.Token).ConfigureAwait(false);
                await stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }

            _sent.TrySetResult();
        }
        catch (Exception exception)
        {
            _sent.TrySetException(exception);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
