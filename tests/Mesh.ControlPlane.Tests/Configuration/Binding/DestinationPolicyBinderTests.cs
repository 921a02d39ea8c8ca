using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Configuration.Binding;

public sealed class DestinationPolicyBinderTests : IDisposable
{
    private readonly ConfigDirectory directory = new();

    [Fact]
    public void Binds_every_outlier_detection_field()
    {
        directory.Write("catalog.yaml", Yaml.Catalog).Write("policy.yaml", Policy("""
            outlierDetection:
                consecutive5xx: 4
                consecutiveGatewayErrors: 3
                consecutiveLocalFailures: 2
                interval: 2s
                baseEjectionTime: 10s
                maxEjectionTime: 1m
                maxEjectionPercent: 40
                successRate: { minimumHosts: 3, requestVolume: 20, stdevFactor: 1.5 }
            """));

        var outliers = directory.LoadValid().DestinationPolicies["default/catalog"].Spec.OutlierDetection;

        Assert.Equal(
            new OutlierDetectionSpec(
                4,
                TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(10),
                40,
                3,
                2,
                new SuccessRateSpec(3, 20, 1.5),
                TimeSpan.FromMinutes(1)),
            outliers);
    }

    [Theory]
    [InlineData("outlierDetection: { baseEjectionTime: 30s, maxEjectionTime: 10s }", "spec.outlierDetection.maxEjectionTime", "maxEjectionTime must be ≥ baseEjectionTime")]
    [InlineData("outlierDetection: { maxEjectionTime: 10s }", "spec.outlierDetection.maxEjectionTime", "(30s when not written)")]
    [InlineData("outlierDetection: { consecutiveGatewayErrors: 0 }", "spec.outlierDetection.consecutiveGatewayErrors", "consecutiveGatewayErrors must be ≥ 1, got 0")]
    [InlineData("outlierDetection: { consecutiveLocalFailures: 0 }", "spec.outlierDetection.consecutiveLocalFailures", "consecutiveLocalFailures must be ≥ 1, got 0")]
    [InlineData("outlierDetection: { successRate: { stdevFactor: 0 } }", "spec.outlierDetection.successRate.stdevFactor", "stdevFactor must be ≥ 0.001, got 0")]
    [InlineData("outlierDetection: { successRate: { minimumHosts: 0 } }", "spec.outlierDetection.successRate.minimumHosts", "minimumHosts must be ≥ 1, got 0")]
    [InlineData("outlierDetection: { successRate: { window: 5 } }", "spec.outlierDetection.successRate.window", "window")]
    public void Rejects_out_of_range_outlier_detection_values(string setting, string field, string message)
    {
        directory.Write("policy.yaml", Policy(setting));

        directory.LoadError("policy.yaml:6", field, message);
    }

    public void Dispose() => directory.Dispose();

    private static string Policy(string setting) =>
        $"apiVersion: mesh.dev/v1alpha1\nkind: DestinationPolicy\nmetadata: {{ name: catalog }}\nspec:\n  service: catalog\n  {setting.Replace("\n", "\n  ", StringComparison.Ordinal)}\n";
}
