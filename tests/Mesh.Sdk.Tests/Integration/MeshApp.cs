using System.Net;

namespace Mesh.Sdk.Tests.Integration;

/// <summary>
/// The full application path: a service collection with in-memory configuration, <c>AddMeshClient()</c>
/// and <c>IHttpClientFactory</c>, as a service's Program.cs would set it up.
/// </summary>
internal sealed class MeshApp : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private MeshApp(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
    }

    /// <summary>The name of <see cref="Client"/>, for configuring it.</summary>
    public const string ClientName = "mesh-test";

    public IServiceProvider Services => _provider;

    public HttpClient Client { get; }

    /// <summary>Builds the app; <paramref name="settings"/> are configuration keys such as <c>Mesh:ControlPlane</c>.</summary>
    public static MeshApp Create(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMeshClient();
        configure?.Invoke(services);
        return new MeshApp(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>An app following the control plane at <paramref name="xdsAddress"/> as service <c>web</c>.</summary>
    public static MeshApp ForControlPlane(string xdsAddress, string cacheDirectory) => Create(new Dictionary<string, string?>
    {
        ["Mesh:ControlPlane"] = $"http://{xdsAddress}",
        ["Mesh:ServiceName"] = "web",
        ["Mesh:CacheDirectory"] = cacheDirectory,
    });

    /// <summary>GETs <paramref name="url"/> and returns the body: the name of the upstream that answered.</summary>
    public async Task<string> GetAsync(string url, string? header = null, string? value = null, Version? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version ?? HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (header is not null)
        {
            request.Headers.Add(header, value);
        }

        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Makes <paramref name="calls"/> GETs, <paramref name="parallelism"/> at a time, and counts the answers by upstream name.</summary>
    public async Task<CallTally> CallManyAsync(string url, int calls, int parallelism = 8, Func<int, (string Header, string Value)?>? headers = null, Version? version = null)
    {
        var tally = new CallTally();
        var next = -1;
        var workers = new Task[parallelism];
        for (var w = 0; w < parallelism; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < calls)
                {
                    var header = headers?.Invoke(index);
                    try
                    {
                        tally.Add(await GetAsync(url, header?.Header, header?.Value, version));
                    }
                    catch (HttpRequestException exception)
                    {
                        tally.Fail(exception);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        return tally;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
