using System.Globalization;

namespace Mesh.Xds.Grpc.Wire;

/// <summary>Reads and writes <c>grpc-timeout</c> values: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>Formats <paramref name="timeout"/> rounded up, in the finest unit that fits 8 digits.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 1);
        var micros = DivideRoundingUp(ticks, TimeSpan.TicksPerMicrosecond);
        if (micros <= MaxValue)
        {
            return Suffix(micros, 'u');
        }

        var millis = DivideRoundingUp(ticks, TimeSpan.TicksPerMillisecond);
        if (millis <= MaxValue)
        {
            return Suffix(millis, 'm');
        }

        var seconds = DivideRoundingUp(ticks, TimeSpan.TicksPerSecond);
        if (seconds <= MaxValue)
        {
            return Suffix(seconds, 'S');
        }

        return Suffix(Math.Min(DivideRoundingUp(ticks, TimeSpan.TicksPerHour), MaxValue), 'H');
    }

    /// <summary>Parses a <c>grpc-timeout</c> value; false when it is malformed.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        if (!long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        long? ticksPerUnit = value[^1] switch
        {
            'H' => TimeSpan.TicksPerHour,
            'M' => TimeSpan.TicksPerMinute,
            'S' => TimeSpan.TicksPerSecond,
            'm' => TimeSpan.TicksPerMillisecond,
            'u' => TimeSpan.TicksPerMicrosecond,
            'n' => 0,
            _ => null,
        };
        if (ticksPerUnit is null)
        {
            return false;
        }

        timeout = ticksPerUnit == 0
            ? TimeSpan.FromTicks(DivideRoundingUp(amount, 100))
            : TimeSpan.FromTicks(amount * ticksPerUnit.Value);
        return true;
    }

    private static long DivideRoundingUp(long value, long divisor) => (value + divisor - 1) / divisor;

    private static string Suffix(long amount, char unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount}{unit}");
}
