using System.Globalization;

namespace Mesh.Sdk.Resilience;

/// <summary>Reads and writes the <c>grpc-timeout</c> header (<c>250m</c>, <c>2S</c>) per the gRPC over HTTP/2 spec.</summary>
internal static class GrpcTimeoutHeader
{
    // The spec allows at most eight digits.
    private const long MaxValue = 99_999_999;

    public static string Format(TimeSpan timeout)
    {
        var milliseconds = Math.Max(1L, (long)Math.Ceiling(timeout.TotalMilliseconds));
        return milliseconds <= MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds}m")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Min(MaxValue, (long)Math.Ceiling(timeout.TotalSeconds))}S");
    }

    public static bool TryParse(string value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        TimeSpan? parsed = value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => null,
        };
        timeout = parsed ?? default;
        return parsed is not null;
    }
}
