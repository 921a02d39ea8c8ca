namespace AppHost.Hosting;

/// <summary>
/// A .NET project (or, with <see cref="Executable"/>, another program such as a Node.js app) the AppHost runs: its
/// arguments, environment, endpoints, health check and what it waits for.
/// </summary>
internal sealed class ProjectResource(string name, string projectPath)
{
    public string Name { get; } = name;

    /// <summary>The full path of the project file.</summary>
    public string ProjectPath { get; } = projectPath;

    /// <summary>The program to run instead of <c>dotnet</c> and the project's dll, such as <c>node</c>. Default: none.</summary>
    public string? Executable { get; init; }

    public List<string> Args { get; } = [];

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public List<EndpointReference> Endpoints { get; } = [];

    public List<ProjectResource> WaitsFor { get; } = [];

    /// <summary>The path probed on <see cref="HealthEndpoint"/> until it answers 2xx. Default: none (running counts as healthy).</summary>
    public string? HealthPath { get; set; }

    /// <summary>Work done before each start of the project, once what it waits for is healthy (minting its mesh token, say).</summary>
    public List<Func<CancellationToken, Task>> BeforeStart { get; } = [];

    public string HealthEndpoint { get; set; } = EndpointReference.DefaultName;

    public EndpointReference GetEndpoint(string name) =>
        Endpoints.Find(e => e.Name == name)
        ?? throw new InvalidOperationException($"Resource '{Name}' has no endpoint named '{name}': add it with WithHttpEndpoint(port, name: \"{name}\").");
}
