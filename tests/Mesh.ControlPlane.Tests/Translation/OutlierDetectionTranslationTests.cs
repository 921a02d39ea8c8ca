using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Translation;
using static Mesh.ControlPlane.Tests.Translation.TestMeshConfigs;

namespace Mesh.ControlPlane.Tests.Translation;

public sealed class OutlierDetectionTranslationTests
{
    private static readonly OutlierDetectionSpec Everything = new(
        4,
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(10),
        40,
        ConsecutiveGatewayErrors: 3,
        ConsecutiveLocalFailures: 6,
        SuccessRate: new SuccessRateSpec(3, 20, 1.5),
        MaxEjectionTime: TimeSpan.FromMinutes(1));

    private readonly SnapshotTranslator _translator = new();

    [Theory]
    [InlineData(nameof(ClientKind.Envoy))]
    [InlineData(nameof(ClientKind.MeshSdk))]
    public void Gives_envoy_and_the_sdk_every_detector_as_written_and_enforced(string kindName)
    {
        var detection = Translate(Everything, Enum.Parse<ClientKind>(kindName));

        Assert.Equal(4u, detection.Consecutive5Xx);
        Assert.Null(detection.EnforcingConsecutive5Xx);
        Assert.Equal(3u, detection.ConsecutiveGatewayFailure);
        Assert.Equal(100u, detection.EnforcingConsecutiveGatewayFailure);
        Assert.True(detection.SplitExternalLocalOriginErrors);
        Assert.Equal(6u, detection.ConsecutiveLocalOriginFailure);
        Assert.Equal(100u, detection.EnforcingConsecutiveLocalOriginFailure);
        Assert.Equal(100u, detection.EnforcingSuccessRate);
        Assert.Equal(3u, detection.SuccessRateMinimumHosts);
        Assert.Equal(20u, detection.SuccessRateRequestVolume);
        Assert.Equal(1500u, detection.SuccessRateStdevFactor);
        Assert.Equal(TimeSpan.FromSeconds(2), detection.Interval.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(10), detection.BaseEjectionTime.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMinutes(1), detection.MaxEjectionTime.ToTimeSpan());
        Assert.Equal(40u, detection.MaxEjectionPercent);
        Assert.Null(detection.EnforcingFailurePercentage);
    }

    [Fact]
    public void Turns_success_rate_ejection_off_for_every_client_unless_written()
    {
        var spec = new OutlierDetectionSpec(5, null, null, null);

        Assert.Equal(0u, Translate(spec, ClientKind.Envoy).EnforcingSuccessRate);
        Assert.Equal(0u, Translate(spec, ClientKind.GrpcProxyless).EnforcingSuccessRate);
    }

    [Fact]
    public void Gives_grpc_failure_percentage_ejection_in_place_of_consecutive_errors()
    {
        var detection = Translate(Everything, ClientKind.GrpcProxyless);

        Assert.Null(detection.Consecutive5Xx);
        Assert.Null(detection.ConsecutiveGatewayFailure);
        Assert.Null(detection.ConsecutiveLocalOriginFailure);
        Assert.False(detection.SplitExternalLocalOriginErrors);
        Assert.Equal(100u, detection.EnforcingFailurePercentage);
        Assert.Equal(99u, detection.FailurePercentageThreshold);
        Assert.Equal(1u, detection.FailurePercentageMinimumHosts);
        Assert.Equal(3u, detection.FailurePercentageRequestVolume);
        Assert.Equal(100u, detection.EnforcingSuccessRate);
        Assert.Equal(1500u, detection.SuccessRateStdevFactor);
        Assert.Equal(TimeSpan.FromMinutes(1), detection.MaxEjectionTime.ToTimeSpan());
        Assert.Equal(40u, detection.MaxEjectionPercent);
    }

    [Fact]
    public void Uses_envoys_default_of_five_consecutive_errors_for_grpc_when_none_is_written()
    {
        var detection = Translate(new OutlierDetectionSpec(null, TimeSpan.FromSeconds(1), null, null), ClientKind.GrpcProxyless);

        Assert.Equal(5u, detection.FailurePercentageRequestVolume);
    }

    [Fact]
    public void Zero_consecutive_5xx_turns_that_detector_off()
    {
        var spec = new OutlierDetectionSpec(0, null, null, null);

        Assert.Equal(0u, Translate(spec, ClientKind.Envoy).EnforcingConsecutive5Xx);
        Assert.Null(Translate(spec, ClientKind.GrpcProxyless).EnforcingFailurePercentage);
    }

    private Envoy.Config.Cluster.V3.OutlierDetection Translate(OutlierDetectionSpec spec, ClientKind kind) =>
        _translator.Translate(With(Echo(), policies: [Outliers(spec)]), kind).Cluster("echo.default|v2").OutlierDetection;
}
