namespace Mesh.Observability.Tests;

/// <summary>
/// A service set up as its Program.cs would (<c>AddMeshClient()</c>, <c>IHttpClientFactory</c>), following a real
/// mesh-cp as <see cref="Name"/>, so the control plane sees its calls under that caller.
/// </summary>
internal sealed class MeshCaller : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _cacheDirectory;

    private MeshCaller(string name, ServiceProvider provider, string cacheDirectory)
    {
        Name = name;
        _provider = provider;
        _cacheDirectory = cacheDirectory;
        Client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);
    }

    public string Name { get; }

    public HttpClient Client { get; }

    public static MeshCaller Create(string name, string xdsAddress)
    {
        var cacheDirectory = Directory.CreateTempSubdirectory("mesh-observability-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mesh:ControlPlane"] = $"http://{xdsAddress}",
            ["Mesh:ServiceName"] = name,
            ["Mesh:CacheDirectory"] = cacheDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMeshClient();
        return new MeshCaller(name, services.BuildServiceProvider(), cacheDirectory);
    }

    /// <summary>GETs <paramref name="url"/>, with <paramref name="header"/> set when given, and returns the status.</summary>
    public async Task<int> GetAsync(string url, string? header = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (header is not null)
        {
            request.Headers.Add(header, "1");
        }

        using var response = await Client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Directory.Delete(_cacheDirectory, recursive: true);
    }
}
