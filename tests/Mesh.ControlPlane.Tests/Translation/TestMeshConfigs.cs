using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Translation;

/// <summary>Builds MeshConfig snapshots directly, starting from the interop example (echo, v1/v2, 80/20).</summary>
internal static class TestMeshConfigs
{
    public static readonly SourceLocation Here = new("test.yaml", 1, 1);

    public static ResourceMetadata Metadata(string name, string ns = ResourceMetadata.DefaultNamespace) =>
        new(name, ns, ImmutableSortedDictionary<string, string>.Empty, Here);

    public static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToImmutableSortedDictionary(label => label.Key, label => label.Value, StringComparer.Ordinal);

    public static ServiceEndpoint Endpoint(string host, int port, string version, EndpointLocality? locality = null, uint weight = 1) =>
        new(host, port, Labels(("version", version)), locality ?? EndpointLocality.Unknown, weight, Here);

    public static MeshServiceResource Echo(string ns = ResourceMetadata.DefaultNamespace, params ServiceEndpoint[] endpoints) =>
        new(
            Metadata("echo", ns),
            new MeshServiceSpec(
                [new ServicePort("grpc", 50051, ServiceProtocol.Grpc)],
                [new ServiceSubset("v1", Labels(("version", "v1"))), new ServiceSubset("v2", Labels(("version", "v2")))],
                endpoints.Length > 0
                    ? [.. endpoints]
                    : [Endpoint("127.0.0.1", 50051, "v1"), Endpoint("127.0.0.1", 50052, "v2")]));

    public static RouteRule Rule(
        RouteMatch? match,
        ImmutableArray<RouteDestination> destinations,
        TimeSpan? timeout = null,
        RetryPolicy? retries = null,
        HashPolicy? hashOn = null,
        FaultPolicy? fault = null) =>
        new(match, destinations, timeout, retries, fault, hashOn, Here);

    public static RouteDestination To(string? subset, uint weight) => new(subset, weight, Here);

    public static TrafficRoute Route(params RouteRule[] rules) =>
        new(Metadata("echo"), new TrafficRouteSpec("echo", [.. rules]));

    public static DestinationPolicy Policy(string? subset, string? loadBalancer) =>
        new(
            Metadata(subset is null ? "echo" : $"echo-{subset}"),
            new DestinationPolicySpec("echo", subset, loadBalancer, null, null, null));

    public static DestinationPolicy Outliers(OutlierDetectionSpec outliers) =>
        new(Metadata("echo"), new DestinationPolicySpec("echo", null, null, null, null, outliers));

    public static RateLimit Limit(string name, double requestsPerSecond, int burst) =>
        new(Metadata(name), new RateLimitSpec("echo", requestsPerSecond, burst));

    /// <summary>The interop example: echo with v1 on :50051, v2 on :50052, and every call split 80/20.</summary>
    public static MeshConfig Interop() => With(Echo(), [Route(Rule(null, [To("v1", 80), To("v2", 20)]))]);

    public static MeshConfig With(
        MeshServiceResource service,
        IEnumerable<TrafficRoute>? routes = null,
        IEnumerable<DestinationPolicy>? policies = null,
        MeshSpec? mesh = null,
        IEnumerable<RateLimit>? rateLimits = null) =>
        MeshConfig.Empty with
        {
            Environment = "test",
            Mesh = mesh ?? MeshSpec.Default,
            Services = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(Key(service), service)]),
            Routes = (routes ?? []).ToImmutableSortedDictionary(Key, route => route, StringComparer.Ordinal),
            DestinationPolicies = (policies ?? []).ToImmutableSortedDictionary(Key, policy => policy, StringComparer.Ordinal),
            RateLimits = (rateLimits ?? []).ToImmutableSortedDictionary(Key, limit => limit, StringComparer.Ordinal),
        };

    private static string Key(MeshResource resource) => $"{resource.Metadata.Namespace}/{resource.Metadata.Name}";
}
