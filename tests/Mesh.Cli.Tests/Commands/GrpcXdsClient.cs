using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Cli.Tests.Commands;

/// <summary>A real <c>@grpc/grpc-js-xds</c> client (tests/interop/xds-client.js) that has fetched its listener, routes, clusters and endpoints.</summary>
internal sealed class GrpcXdsClient : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GrpcXdsClient(ChildProcess process)
    {
        _process = process;
    }

    public static async Task<GrpcXdsClient> StartAsync(string xdsAddress, string nodeId)
    {
        var bootstrap = JsonSerializer.Serialize(new
        {
            xds_servers = new[] { new { server_uri = xdsAddress, channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } } },
            node = new { id = nodeId, cluster = "cli-test", locality = new { region = "local", zone = "local-a" } },
        });
        var process = ChildProcess.StartNode("grpc-js-xds", "xds-client.js", ["xds:///echo"], new Dictionary<string, string> { ["GRPC_XDS_BOOTSTRAP_CONFIG"] = bootstrap });
        try
        {
            await process.WaitForLineAsync(l => l.Contains("\"ready\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            // The channel resolves lazily: one call (failing, as no echo server runs) makes it subscribe to every type.
            var skip = process.LineCount;
            await process.WriteLineAsync("call 1");
            await process.WaitForLineAsync(l => l.StartsWith("{\"servers\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30), skip);
            return new GrpcXdsClient(process);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
