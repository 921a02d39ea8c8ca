using System.Collections.Immutable;
using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// Outlier detection for one cluster state: records each try's outcome on its endpoint and ejects
/// endpoints on consecutive failures at once, and on success rate or failure percentage when an
/// interval closes. Intervals close lazily, on the first outcome recorded after one ends, so no timer
/// outlives a rebuilt state; the interval clock is shared across rebuilds through <see cref="OutlierClock"/>.
/// </summary>
internal sealed class OutlierDetector
{
    private readonly ImmutableArray<EndpointState> _endpoints;
    private readonly OutlierClock _clock;
    private readonly TimeProvider _time;
    private readonly Random _random;

    public OutlierDetector(OutlierPolicy policy, ImmutableArray<EndpointState> endpoints, OutlierClock clock, TimeProvider time, Random random)
    {
        Policy = policy;
        _endpoints = endpoints;
        _clock = clock;
        _time = time;
        _random = random;
    }

    public OutlierPolicy Policy { get; }

    public void RecordSuccess(EndpointState endpoint)
    {
        endpoint.Outlier.RecordSuccess();
        CloseIntervalIfDue();
    }

    /// <summary>
    /// Records a failed try: an HTTP status (5xx), or a local-origin failure (connect, reset, timeout).
    /// Returns why the endpoint was ejected, or null when it was not.
    /// </summary>
    public string? RecordFailure(EndpointState endpoint, int? status)
    {
        var local = status is null;
        var isGateway = status is 502 or 503 or 504 || (local && !Policy.SplitLocalOriginErrors);
        var is5xx = status >= 500 || (local && !Policy.SplitLocalOriginErrors);
        var (c5xx, gateway, localCount) = endpoint.Outlier.RecordFailure(is5xx, isGateway, local && Policy.SplitLocalOriginErrors);
        string? reason = null;
        if (is5xx && c5xx >= Policy.Consecutive5xx && Enforced(Policy.EnforcingConsecutive5xx))
        {
            reason = TryEject(endpoint, "consecutive_5xx");
        }
        else if (isGateway && gateway >= Policy.ConsecutiveGatewayFailure && Enforced(Policy.EnforcingConsecutiveGatewayFailure))
        {
            reason = TryEject(endpoint, "consecutive_gateway_failure");
        }
        else if (local && Policy.SplitLocalOriginErrors && localCount >= Policy.ConsecutiveLocalOriginFailure &&
                 Enforced(Policy.EnforcingConsecutiveLocalOriginFailure))
        {
            reason = TryEject(endpoint, "consecutive_local_origin_failure");
        }

        CloseIntervalIfDue();
        return reason;
    }

    private void CloseIntervalIfDue()
    {
        if (!_clock.TryClose(_time, Policy.Interval))
        {
            return;
        }

        EjectBySuccessRate();
        EjectByFailurePercentage();
        foreach (var endpoint in _endpoints)
        {
            endpoint.Outlier.EndInterval();
        }
    }

    private void EjectBySuccessRate()
    {
        if (Policy.EnforcingSuccessRate == 0)
        {
            return;
        }

        var rates = new List<(EndpointState Endpoint, double Rate)>();
        foreach (var endpoint in _endpoints)
        {
            var total = endpoint.Outlier.IntervalSuccesses + endpoint.Outlier.IntervalFailures;
            if (total >= Policy.SuccessRateRequestVolume)
            {
                rates.Add((endpoint, 100.0 * endpoint.Outlier.IntervalSuccesses / total));
            }
        }

        if (rates.Count < Policy.SuccessRateMinimumHosts || rates.Count == 0)
        {
            return;
        }

        var mean = 0d;
        foreach (var (_, rate) in rates)
        {
            mean += rate;
        }

        mean /= rates.Count;
        var variance = 0d;
        foreach (var (_, rate) in rates)
        {
            variance += (rate - mean) * (rate - mean);
        }

        var threshold = mean - (Policy.SuccessRateStdevFactor / 1000.0 * Math.Sqrt(variance / rates.Count));
        foreach (var (endpoint, rate) in rates)
        {
            if (rate < threshold && Enforced(Policy.EnforcingSuccessRate))
            {
                _ = TryEject(endpoint, "success_rate");
            }
        }
    }

    private void EjectByFailurePercentage()
    {
        if (Policy.EnforcingFailurePercentage == 0)
        {
            return;
        }

        var eligible = new List<(EndpointState Endpoint, double Failures)>();
        foreach (var endpoint in _endpoints)
        {
            var total = endpoint.Outlier.IntervalSuccesses + endpoint.Outlier.IntervalFailures;
            if (total >= Policy.FailurePercentageRequestVolume)
            {
                eligible.Add((endpoint, 100.0 * endpoint.Outlier.IntervalFailures / total));
            }
        }

        if (eligible.Count < Policy.FailurePercentageMinimumHosts)
        {
            return;
        }

        foreach (var (endpoint, failures) in eligible)
        {
            if (failures >= Policy.FailurePercentageThreshold && Enforced(Policy.EnforcingFailurePercentage))
            {
                _ = TryEject(endpoint, "failure_percentage");
            }
        }
    }

    private string? TryEject(EndpointState endpoint, string reason)
    {
        var ejected = 0;
        foreach (var other in _endpoints)
        {
            if (other.IsEjected)
            {
                ejected++;
            }
        }

        // As Envoy: no ejection once the ejected share reaches max_ejection_percent, but one host may always go.
        if (ejected > 0 && 100.0 * ejected / _endpoints.Length >= Policy.MaxEjectionPercent)
        {
            return null;
        }

        var duration = Policy.EjectionTime(endpoint.Outlier.Ejections + 1);
        if (!endpoint.Outlier.TryEject(duration, _time))
        {
            return null;
        }

        Telemetry.MeshMetrics.RecordEjection(endpoint, reason);
        return reason;
    }

    private bool Enforced(int percent) => percent >= 100 || (percent > 0 && _random.Next(100) < percent);
}
