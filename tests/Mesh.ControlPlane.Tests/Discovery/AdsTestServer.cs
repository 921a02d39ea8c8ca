using Envoy.Config.Core.V3;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Translation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Discovery;

/// <summary>A discovery server with a test translator, fake time and in-memory calls.</summary>
internal sealed class AdsTestServer : IDisposable
{
    private readonly List<AdsTestClient> _clients = [];

    public AdsTestServer()
    {
        Cache = new XdsSnapshotCache(Translator.Translate, NullLogger<XdsSnapshotCache>.Instance);
        Service = new AdsService(Cache, Registry, Classify, Time, Lifetime, Logger);
    }

    public TestTranslator Translator { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero));

    public TestLifetime Lifetime { get; } = new();

    public RecordingLogger<AdsService> Logger { get; } = new();

    public XdsClientRegistry Registry { get; } = new();

    public XdsSnapshotCache Cache { get; }

    public AdsService Service { get; }

    public static Node NodeFor(string nodeId) => new()
    {
        Id = nodeId,
        Cluster = "shop",
        UserAgentName = "grpc-node-js",
        UserAgentVersion = "1.14.0",
        Locality = new Locality { Region = "eu-west-1", Zone = "eu-west-1a" },
    };

    /// <summary>Opens a call; the client's first request carries <paramref name="node"/>.</summary>
    public AdsTestClient Connect(Node node, string peer = "ipv4:127.0.0.1:50001")
    {
        var stream = new InMemoryAdsStream(peer);
        var call = Task.Run(() => Service.StreamAggregatedResourcesAsync(stream, stream, stream.Context));
        var client = new AdsTestClient(stream, call, node);
        _clients.Add(client);
        return client;
    }

    public AdsTestClient Connect(string nodeId = "web-1") => Connect(NodeFor(nodeId));

    /// <summary>Opens an incremental (delta) call; the test sends node on its first request itself.</summary>
    public (InMemoryDeltaStream Stream, Task Call) ConnectDelta(string peer = "ipv4:127.0.0.1:50002")
    {
        var stream = new InMemoryDeltaStream(peer);
        var call = Task.Run(() => Service.DeltaAggregatedResourcesAsync(stream, stream, stream.Context));
        return (stream, call);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        Lifetime.Dispose();
    }

    private static ClientKind Classify(Node node) => node.UserAgentName switch
    {
        "envoy" => ClientKind.Envoy,
        "mesh-dotnet" => ClientKind.MeshSdk,
        _ => ClientKind.GrpcProxyless,
    };
}
