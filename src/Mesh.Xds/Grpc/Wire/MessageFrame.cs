using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;

namespace Mesh.Xds.Grpc.Wire;

/// <summary>The gRPC length-prefixed message: a compressed flag, a 4-byte big-endian length, the bytes.</summary>
internal static class MessageFrame
{
    public const int HeaderLength = 5;

    /// <summary>Serializes <paramref name="message"/> straight into <paramref name="output"/>.</summary>
    /// <exception cref="RpcException">ResourceExhausted when the message exceeds <paramref name="maxSize"/>.</exception>
    public static void Write(IBufferWriter<byte> output, IMessage message, int? maxSize)
    {
        var size = message.CalculateSize();
        CheckSendSize(size, maxSize);

        var header = output.GetSpan(HeaderLength);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        output.Advance(HeaderLength);
        if (size > 0)
        {
            message.WriteTo(output);
        }
    }

    /// <summary>Throws ResourceExhausted when a message of <paramref name="size"/> bytes exceeds <paramref name="maxSize"/>.</summary>
    public static void CheckSendSize(int size, int? maxSize)
    {
        if (size > maxSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                string.Create(CultureInfo.InvariantCulture, $"Sending message larger than max ({size} vs. {maxSize.Value})")));
        }
    }

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>; false when more bytes are needed.
    /// </summary>
    /// <exception cref="RpcException">For a compressed frame or one larger than <paramref name="maxSize"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        if (header[0] != 0)
        {
            throw new RpcException(new Status(
                StatusCode.Internal,
                "Received a compressed message but no grpc-encoding was negotiated"));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                string.Create(CultureInfo.InvariantCulture, $"Received message larger than max ({length} vs. {maxSize})")));
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
