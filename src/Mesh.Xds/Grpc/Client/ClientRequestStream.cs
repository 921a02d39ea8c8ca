using System.IO.Pipelines;
using Google.Protobuf;
using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Grpc.Client;

/// <summary>The request stream of a client call; every write is flushed as its own DATA frame(s).</summary>
internal sealed class ClientRequestStream<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private PipeWriter? _writer;
    private int _writing;
    private bool _completed;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream is already complete; no more messages can be written.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress; write one message at a time.");
        }

        try
        {
            call.ThrowIfFinished();
            MessageFrame.CheckSendSize(message.CalculateSize(), call.MaxSendMessageSize);
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(), call)
                : default;
            var writer = _writer ??= PipeWriter.Create(
                await call.Content.StreamReady.WaitAsync(call.CallToken).ConfigureAwait(false),
                new StreamPipeWriterOptions(leaveOpen: true));
            MessageFrame.Write(writer, message, maxSize: null);
            await writer.FlushAsync(call.CallToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            throw call.FailWrite(ex);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public async Task CompleteAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_writer is { } writer)
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }

        call.Content.Complete();
    }
}
