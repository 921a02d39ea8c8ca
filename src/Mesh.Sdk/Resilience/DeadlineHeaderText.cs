using System.Globalization;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// The deadline header's value for one route, remembered: a route's tries mostly start with the same whole
/// number of milliseconds left, so the text is formatted once rather than on every call.
/// </summary>
internal sealed class DeadlineHeaderText
{
    private Entry? _last;

    public string Format(bool grpc, TimeSpan limit)
    {
        var milliseconds = grpc
            ? Math.Max(1L, (long)Math.Ceiling(limit.TotalMilliseconds))
            : Math.Max(1L, (long)limit.TotalMilliseconds);
        if (Volatile.Read(ref _last) is { } last && last.Milliseconds == milliseconds && last.Grpc == grpc)
        {
            return last.Text;
        }

        var text = grpc ? GrpcTimeoutHeader.Format(limit) : milliseconds.ToString(CultureInfo.InvariantCulture);
        Volatile.Write(ref _last, new Entry(milliseconds, grpc, text));
        return text;
    }

    private sealed record Entry(long Milliseconds, bool Grpc, string Text);
}
