using System.IO.Pipelines;
using System.Net;
using Google.Protobuf;
using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Grpc.Client;

/// <summary>
/// The request body: either one message, or a duplex stream that stays open while the caller writes.
/// HttpClient sends the body concurrently with awaiting response headers, so a bidi call works over it.
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly IMessage? _single;
    private readonly TaskCompletionSource<Stream> _streamReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _requestDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrpcRequestContent(IMessage? single)
    {
        _single = single;
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    /// <summary>The open request stream, once HttpClient hands it over.</summary>
    public Task<Stream> StreamReady => _streamReady.Task;

    /// <summary>Ends the request body: the server sees END_STREAM.</summary>
    public void Complete()
    {
        _requestDone.TrySetResult();
        _streamReady.TrySetCanceled();
    }

    /// <summary>Abandons the request body because the call is over.</summary>
    public void Abort()
    {
        _requestDone.TrySetCanceled();
        _streamReady.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_single is not null)
        {
            var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            MessageFrame.Write(writer, _single, maxSize: null);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
            return;
        }

        _streamReady.TrySetResult(stream);
        await _requestDone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
