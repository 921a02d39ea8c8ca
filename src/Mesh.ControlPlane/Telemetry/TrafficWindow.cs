namespace Mesh.ControlPlane.Telemetry;

/// <summary>Series summed for one view (a service, a subset, an edge), turned into <see cref="GoldenMetrics"/>.</summary>
internal sealed class TrafficWindow
{
    public long Requests { get; set; }

    public long Errors { get; set; }

    public long WindowRequests { get; set; }

    public long WindowErrors { get; set; }

    public TimeSpan Covered { get; set; }

    public LatencyHistogram Latency { get; } = new();

    public GoldenMetrics ToMetrics()
    {
        var seconds = Covered.TotalSeconds;
        return new GoldenMetrics(
            Requests,
            Errors,
            WindowRequests,
            WindowRequests == 0 ? null : Math.Round(1d - ((double)WindowErrors / WindowRequests), 4),
            seconds > 0 ? Math.Round(WindowRequests / seconds, 2) : 0,
            Milliseconds(Latency.Quantile(0.5)),
            Milliseconds(Latency.Quantile(0.95)),
            Milliseconds(Latency.Quantile(0.99)));
    }

    private static double? Milliseconds(double? seconds) => seconds is { } s ? Math.Round(s * 1000, 2) : null;
}
