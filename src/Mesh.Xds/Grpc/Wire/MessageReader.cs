using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Mesh.Xds.Grpc.Wire;

/// <summary>Reads length-prefixed messages from a pipe one at a time, without buffering the stream.</summary>
internal sealed class MessageReader<T>(PipeReader reader, MessageParser<T> parser, int maxSize)
    where T : IMessage<T>
{
    /// <summary>The next message, or null at a clean end of the stream.</summary>
    /// <exception cref="RpcException">Internal for a truncated or malformed message; ResourceExhausted when too large.</exception>
    public async ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            T? message;
            try
            {
                if (TryTake(ref buffer, out message))
                {
                    reader.AdvanceTo(buffer.Start);
                    return message;
                }
            }
            catch
            {
                reader.AdvanceTo(buffer.Start);
                throw;
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover > 0)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "The stream ended in the middle of a message"));
                }

                return default;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Returns the pipe's pooled buffers; call once, after the last read.</summary>
    public ValueTask CompleteAsync() => reader.CompleteAsync();

    private bool TryTake(ref ReadOnlySequence<byte> buffer, out T? message)
    {
        message = default;
        if (!MessageFrame.TryRead(ref buffer, maxSize, out var payload))
        {
            return false;
        }

        try
        {
            message = parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to parse message: " + ex.Message));
        }

        return true;
    }
}
