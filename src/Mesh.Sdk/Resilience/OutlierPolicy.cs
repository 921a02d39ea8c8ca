using Envoy.Config.Cluster.V3;

namespace Mesh.Sdk.Resilience;

/// <summary>A cluster's <c>outlier_detection</c> with Envoy's defaults filled in, as plain values.</summary>
internal sealed record OutlierPolicy
{
    public int Consecutive5xx { get; init; } = 5;

    public int EnforcingConsecutive5xx { get; init; } = 100;

    public int ConsecutiveGatewayFailure { get; init; } = 5;

    /// <summary>Off by default, as in Envoy.</summary>
    public int EnforcingConsecutiveGatewayFailure { get; init; }

    /// <summary>Counted apart from 5xx only with split_external_local_origin_errors.</summary>
    public bool SplitLocalOriginErrors { get; init; }

    public int ConsecutiveLocalOriginFailure { get; init; } = 5;

    public int EnforcingConsecutiveLocalOriginFailure { get; init; } = 100;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxEjectionTime { get; init; } = TimeSpan.FromSeconds(300);

    public int MaxEjectionPercent { get; init; } = 10;

    public int EnforcingSuccessRate { get; init; } = 100;

    public int SuccessRateMinimumHosts { get; init; } = 5;

    public int SuccessRateRequestVolume { get; init; } = 100;

    public int SuccessRateStdevFactor { get; init; } = 1900;

    public int FailurePercentageThreshold { get; init; } = 85;

    /// <summary>Off by default, as in Envoy.</summary>
    public int EnforcingFailurePercentage { get; init; }

    public int FailurePercentageMinimumHosts { get; init; } = 5;

    public int FailurePercentageRequestVolume { get; init; } = 50;

    public static OutlierPolicy From(OutlierDetection config)
    {
        var defaults = new OutlierPolicy();
        return new OutlierPolicy
        {
            Consecutive5xx = Int(config.Consecutive5Xx, defaults.Consecutive5xx),
            EnforcingConsecutive5xx = Percent(config.EnforcingConsecutive5Xx, defaults.EnforcingConsecutive5xx),
            ConsecutiveGatewayFailure = Int(config.ConsecutiveGatewayFailure, defaults.ConsecutiveGatewayFailure),
            EnforcingConsecutiveGatewayFailure = Percent(config.EnforcingConsecutiveGatewayFailure, defaults.EnforcingConsecutiveGatewayFailure),
            SplitLocalOriginErrors = config.SplitExternalLocalOriginErrors,
            ConsecutiveLocalOriginFailure = Int(config.ConsecutiveLocalOriginFailure, defaults.ConsecutiveLocalOriginFailure),
            EnforcingConsecutiveLocalOriginFailure = Percent(config.EnforcingConsecutiveLocalOriginFailure, defaults.EnforcingConsecutiveLocalOriginFailure),
            Interval = Positive(config.Interval?.ToTimeSpan(), defaults.Interval),
            BaseEjectionTime = Positive(config.BaseEjectionTime?.ToTimeSpan(), defaults.BaseEjectionTime),
            MaxEjectionTime = Positive(config.MaxEjectionTime?.ToTimeSpan(), defaults.MaxEjectionTime),
            MaxEjectionPercent = Percent(config.MaxEjectionPercent, defaults.MaxEjectionPercent),
            EnforcingSuccessRate = Percent(config.EnforcingSuccessRate, defaults.EnforcingSuccessRate),
            SuccessRateMinimumHosts = Int(config.SuccessRateMinimumHosts, defaults.SuccessRateMinimumHosts),
            SuccessRateRequestVolume = Int(config.SuccessRateRequestVolume, defaults.SuccessRateRequestVolume),
            SuccessRateStdevFactor = Int(config.SuccessRateStdevFactor, defaults.SuccessRateStdevFactor),
            FailurePercentageThreshold = Percent(config.FailurePercentageThreshold, defaults.FailurePercentageThreshold),
            EnforcingFailurePercentage = Percent(config.EnforcingFailurePercentage, defaults.EnforcingFailurePercentage),
            FailurePercentageMinimumHosts = Int(config.FailurePercentageMinimumHosts, defaults.FailurePercentageMinimumHosts),
            FailurePercentageRequestVolume = Int(config.FailurePercentageRequestVolume, defaults.FailurePercentageRequestVolume),
        };
    }

    /// <summary>How long the <paramref name="ejection"/>-th ejection in a row lasts: base × n, capped by max_ejection_time.</summary>
    public TimeSpan EjectionTime(int ejection) =>
        TimeSpan.FromTicks(Math.Min(BaseEjectionTime.Ticks * Math.Max(1, ejection), Math.Max(MaxEjectionTime.Ticks, BaseEjectionTime.Ticks)));

    private static int Int(uint? value, int fallback) => value is { } v ? (int)Math.Min(v, int.MaxValue) : fallback;

    private static int Percent(uint? value, int fallback) => value is { } v ? (int)Math.Min(v, 100) : fallback;

    private static TimeSpan Positive(TimeSpan? value, TimeSpan fallback) => value is { } v && v > TimeSpan.Zero ? v : fallback;
}
