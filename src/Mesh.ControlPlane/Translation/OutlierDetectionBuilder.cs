using Envoy.Config.Cluster.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Translates <c>outlierDetection</c>. Envoy and the SDK get Envoy's detectors as written. gRPC
/// (gRFC A50) implements no consecutive-error detector, only success rate and failure percentage, so
/// for it "N consecutive errors" becomes failure-percentage ejection of an endpoint whose calls in one
/// interval were (nearly) all failures, with at least N of them: the same endpoints, judged once per
/// interval instead of on the Nth error.
/// </summary>
internal static class OutlierDetectionBuilder
{
    /// <summary>Envoy's default for <c>consecutive_5xx</c>, used for gRPC when none is written.</summary>
    public const uint DefaultConsecutive5xx = 5;

    private const uint Enforce = 100;
    private const uint Never = 0;

    // gRPC ejects when the failure percentage is strictly above the threshold: above 99 means every
    // call failed for up to 100 calls an interval.
    private const uint AllCallsFailedThreshold = 99;

    // Consecutive-error ejection needs no peers to compare with, so neither does its stand-in.
    private const uint AnyNumberOfHosts = 1;

    // Envoy writes the success-rate standard deviation factor in thousandths.
    private const double StdevFactorScale = 1000;

    public static OutlierDetection Build(OutlierDetectionSpec spec, ClientProfile profile)
    {
        var detection = new OutlierDetection
        {
            Interval = ToDuration(spec.Interval),
            BaseEjectionTime = ToDuration(spec.BaseEjectionTime),
            MaxEjectionTime = ToDuration(spec.MaxEjectionTime),
            MaxEjectionPercent = spec.MaxEjectionPercent,
        };
        SetSuccessRate(detection, spec.SuccessRate);
        if (profile.EjectsOnConsecutiveErrors)
        {
            SetConsecutiveErrors(detection, spec);
        }
        else
        {
            SetFailurePercentage(detection, spec);
        }

        return detection;
    }

    // Success-rate ejection is on by default in Envoy and gRPC; it runs only when written, so a
    // policy ejects on exactly what it says.
    private static void SetSuccessRate(OutlierDetection detection, SuccessRateSpec? successRate)
    {
        if (successRate is null)
        {
            detection.EnforcingSuccessRate = Never;
            return;
        }

        detection.EnforcingSuccessRate = Enforce;
        detection.SuccessRateMinimumHosts = successRate.MinimumHosts;
        detection.SuccessRateRequestVolume = successRate.RequestVolume;
        if (successRate.StdevFactor is { } factor)
        {
            detection.SuccessRateStdevFactor = (uint)Math.Round(factor * StdevFactorScale, MidpointRounding.AwayFromZero);
        }
    }

    private static void SetConsecutiveErrors(OutlierDetection detection, OutlierDetectionSpec spec)
    {
        if (spec.Consecutive5xx == 0)
        {
            detection.EnforcingConsecutive5Xx = Never;
        }
        else
        {
            detection.Consecutive5Xx = spec.Consecutive5xx;
        }

        if (spec.ConsecutiveGatewayErrors is { } gateway)
        {
            // Envoy enforces gateway-failure ejection at 0 % unless told otherwise.
            detection.ConsecutiveGatewayFailure = gateway;
            detection.EnforcingConsecutiveGatewayFailure = Enforce;
        }

        if (spec.ConsecutiveLocalFailures is { } local)
        {
            // Connect failures and resets count apart from responses only once the split is on.
            detection.SplitExternalLocalOriginErrors = true;
            detection.ConsecutiveLocalOriginFailure = local;
            detection.EnforcingConsecutiveLocalOriginFailure = Enforce;
        }
    }

    // gRPC sees every failure as a failed call, so the smallest count written decides; consecutive5xx 0
    // turns only its own detector off.
    private static void SetFailurePercentage(OutlierDetection detection, OutlierDetectionSpec spec)
    {
        var consecutive5xx = spec.Consecutive5xx ?? DefaultConsecutive5xx;
        var volume = Math.Min(
            consecutive5xx == 0 ? uint.MaxValue : consecutive5xx,
            Math.Min(spec.ConsecutiveGatewayErrors ?? uint.MaxValue, spec.ConsecutiveLocalFailures ?? uint.MaxValue));
        if (volume == uint.MaxValue)
        {
            return;
        }

        detection.EnforcingFailurePercentage = Enforce;
        detection.FailurePercentageThreshold = AllCallsFailedThreshold;
        detection.FailurePercentageMinimumHosts = AnyNumberOfHosts;
        detection.FailurePercentageRequestVolume = volume;
    }

    private static Duration? ToDuration(TimeSpan? value) => value is { } span ? Duration.FromTimeSpan(span) : null;
}
