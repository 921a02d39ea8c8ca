using System.Globalization;

namespace Mesh.Bench.Ads;

/// <summary>The machine's one-minute load average (Linux), printed with each row because other work on a shared machine skews latency.</summary>
internal static class SystemLoad
{
    public static async Task<double> ReadOneMinuteAsync(CancellationToken cancellationToken)
    {
        // "0.52 0.58 0.59 1/467 12345"
        var text = await File.ReadAllTextAsync("/proc/loadavg", cancellationToken);
        return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
