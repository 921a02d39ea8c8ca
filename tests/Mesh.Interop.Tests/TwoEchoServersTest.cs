using Mesh.Testing;

namespace Mesh.Interop.Tests;

/// <summary>
/// A test against two real grpc-js echo servers, <c>v1</c> and <c>v2</c>, started before each test and stopped
/// after it, with a config directory of its own.
/// </summary>
public abstract class TwoEchoServersTest : IAsyncLifetime
{
    /// <summary>The grpc-js server answering as <c>v1</c>.</summary>
    protected EchoServer V1 { get; private set; } = null!;

    /// <summary>The grpc-js server answering as <c>v2</c>.</summary>
    protected EchoServer V2 { get; private set; } = null!;

    /// <summary>An empty directory for this test's mesh config, deleted afterwards.</summary>
    protected string ConfigDirectory { get; } = Directory.CreateTempSubdirectory("mesh-interop-").FullName;

    public async Task InitializeAsync()
    {
        V1 = await EchoServer.StartAsync("v1");
        V2 = await EchoServer.StartAsync("v2");
    }

    public async Task DisposeAsync()
    {
        await V1.DisposeAsync();
        await V2.DisposeAsync();
        Directory.Delete(ConfigDirectory, recursive: true);
    }
}
