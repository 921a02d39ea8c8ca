using System.Text.Json;
using Mesh.Testing;

namespace Mesh.Interop.Tests;

/// <summary>A running <c>@grpc/grpc-js-xds</c> client (tests/interop/xds-client.js) bootstrapped at a control plane.</summary>
internal sealed class XdsInteropClient : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private XdsInteropClient(ChildProcess process)
    {
        _process = process;
    }

    public string Transcript => _process.Transcript;

    public static async Task<XdsInteropClient> StartAsync(string xdsAddress, string target, string nodeId)
    {
        var bootstrap = JsonSerializer.Serialize(new
        {
            xds_servers = new[]
            {
                new
                {
                    server_uri = xdsAddress,
                    channel_creds = new[] { new { type = "insecure" } },
                    server_features = new[] { "xds_v3" },
                },
            },
            node = new
            {
                id = nodeId,
                cluster = "interop",
                locality = new { region = "local", zone = "local-a" },
                metadata = new { purpose = "interop-test" },
            },
        });
        var process = ChildProcess.StartNode(
            "grpc-js-xds",
            "xds-client.js",
            [target],
            new Dictionary<string, string> { ["GRPC_XDS_BOOTSTRAP_CONFIG"] = bootstrap });
        await process.WaitForLineAsync(l => l.Contains("\"ready\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        return new XdsInteropClient(process);
    }

    /// <summary>Makes <paramref name="count"/> calls and returns how many each server answered and the errors.</summary>
    public Task<CallCounts> CallAsync(int count) => CallAsync(count, new Dictionary<string, string>());

    /// <summary>Makes <paramref name="count"/> calls, each carrying <paramref name="metadata"/> (names and values without spaces).</summary>
    public async Task<CallCounts> CallAsync(int count, IReadOnlyDictionary<string, string> metadata)
    {
        var skip = _process.LineCount;
        var pairs = string.Concat(metadata.Select(pair => $" {pair.Key}={pair.Value}"));
        await _process.WriteLineAsync($"call {count}{pairs}");
        var (line, _) = await _process.WaitForLineAsync(l => l.StartsWith("{\"servers\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60), skip);
        using var document = JsonDocument.Parse(line);
        var servers = document.RootElement.GetProperty("servers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var errors = document.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var root = document.RootElement;
        return new CallCounts(
            servers,
            errors,
            root.GetProperty("lastError").GetString() ?? string.Empty,
            Milliseconds(root.GetProperty("fastestMs")),
            Milliseconds(root.GetProperty("slowestMs")));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    // null when no call was made.
    private static TimeSpan Milliseconds(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? TimeSpan.FromMilliseconds(value.GetDouble()) : TimeSpan.Zero;
}

/// <summary>Replies per server name, failures per gRPC status name, and the fastest and slowest call.</summary>
internal sealed record CallCounts(
    Dictionary<string, int> Servers,
    Dictionary<string, int> Errors,
    string LastError,
    TimeSpan Fastest = default,
    TimeSpan Slowest = default)
{
    public int Of(string server) => Servers.GetValueOrDefault(server);

    public int Failed => Errors.Values.Sum();
}
