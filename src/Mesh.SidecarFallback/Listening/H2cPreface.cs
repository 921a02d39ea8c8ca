using System.Buffers;
using System.IO.Pipelines;

namespace Mesh.SidecarFallback.Listening;

/// <summary>
/// Tells an HTTP/2 prior-knowledge (h2c) connection from an HTTP/1.x one by its first bytes, without
/// consuming them: HTTP/2 opens with a fixed 24-byte preface, and no HTTP/1 request line starts with it.
/// </summary>
internal static class H2cPreface
{
    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>True when the connection speaks HTTP/2; the bytes read stay in <paramref name="input"/> for the server.</summary>
    public static async ValueTask<bool> IsHttp2Async(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var verdict = Judge(buffer);
            if (verdict is not null || result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return verdict ?? false;
            }

            // Nothing decided yet: wait for more bytes than these.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    // True: the whole preface is there. False: a byte differs. Null: a matching start, too short to tell.
    private static bool? Judge(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[Preface.Length];
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(Preface[..length]))
        {
            return false;
        }

        return length == Preface.Length ? true : null;
    }
}
