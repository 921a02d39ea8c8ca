using System.Buffers;
using Mesh.Test.Echo;
using Mesh.Xds.Grpc;
using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Tests.Grpc.Wire;

public sealed class MessageFrameTests
{
    [Fact]
    public void Writes_a_five_byte_prefix_then_the_message()
    {
        var output = new ArrayBufferWriter<byte>();
        var message = new EchoRequest { Message = "hi" };

        MessageFrame.Write(output, message, maxSize: null);

        var bytes = output.WrittenSpan;
        Assert.Equal(0, bytes[0]);
        Assert.Equal(message.CalculateSize(), (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]);
        Assert.Equal(EchoRequest.Parser.ParseFrom(bytes[5..]), message);
    }

    [Fact]
    public void Reads_a_frame_split_across_segments_only_once_it_is_whole()
    {
        var output = new ArrayBufferWriter<byte>();
        MessageFrame.Write(output, new EchoRequest { Message = "split" }, maxSize: null);
        var all = output.WrittenMemory;

        var partial = new ReadOnlySequence<byte>(all[..6]);
        Assert.False(MessageFrame.TryRead(ref partial, 1024, out _));

        var whole = new ReadOnlySequence<byte>(all);
        Assert.True(MessageFrame.TryRead(ref whole, 1024, out var payload));
        Assert.Equal("split", EchoRequest.Parser.ParseFrom(payload).Message);
        Assert.True(whole.IsEmpty);
    }

    [Fact]
    public void Rejects_a_compressed_frame_since_no_encoding_was_negotiated()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 1, 0, 0, 0, 0 });

        var ex = Assert.Throws<RpcException>(() => MessageFrame.TryRead(ref buffer, 1024, out _));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Rejects_a_frame_over_the_limit_from_its_header_alone()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 1, 0, 0 });

        var ex = Assert.Throws<RpcException>(() => MessageFrame.TryRead(ref buffer, 1024, out _));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("Received message larger than max (65536 vs. 1024)", ex.Status.Detail);
    }

    [Fact]
    public void Refuses_to_send_a_message_over_the_limit()
    {
        var output = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<RpcException>(() => MessageFrame.Write(output, new EchoRequest { Message = new string('x', 100) }, maxSize: 10));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, output.WrittenCount);
    }
}
