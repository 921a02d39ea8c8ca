using System.Reflection;

namespace AppHost.Hosting;

/// <summary>Collects the resources to run, as Aspire's <c>IDistributedApplicationBuilder</c> does.</summary>
internal sealed class DistributedApplicationBuilder
{
    private readonly List<ProjectResource> _resources = [];

    public DistributedApplicationBuilder(AppHostEnvironment environment)
    {
        Environment = environment;
        AppHostDirectory = typeof(DistributedApplicationBuilder).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AppHostDirectory")?.Value
            ?? throw new InvalidOperationException("The AppHost was built without its AppHostDirectory metadata: run it with 'dotnet run --project aspire/AppHost'.");
    }

    public AppHostEnvironment Environment { get; }

    /// <summary>The AppHost project's directory; project paths are relative to it.</summary>
    public string AppHostDirectory { get; }

    /// <summary>Adds the project in <paramref name="projectPath"/> (a .csproj or the folder holding one).</summary>
    public ProjectResourceBuilder AddProject(string name, string projectPath)
    {
        if (_resources.Exists(r => r.Name == name))
        {
            throw new InvalidOperationException($"A resource named '{name}' is already added; give each resource its own name.");
        }

        var resource = new ProjectResource(name, ResolveProjectFile(projectPath));
        _resources.Add(resource);
        return new ProjectResourceBuilder(this, resource);
    }

    /// <summary>Adds a Node.js app: <c>node <paramref name="scriptPath"/></c>, run in the script's folder (Aspire's <c>AddNodeApp</c>).</summary>
    public ProjectResourceBuilder AddNodeApp(string name, string scriptPath)
    {
        if (_resources.Exists(r => r.Name == name))
        {
            throw new InvalidOperationException($"A resource named '{name}' is already added; give each resource its own name.");
        }

        var script = Path.GetFullPath(Path.Combine(AppHostDirectory, scriptPath));
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"'{scriptPath}' (resolved to {script}) does not exist: give the path of the app's main script.");
        }

        var resource = new ProjectResource(name, script) { Executable = "node" };
        resource.Args.Add(script);
        _resources.Add(resource);
        return new ProjectResourceBuilder(this, resource);
    }

    public DistributedApplication Build() => new([.. _resources], Environment);

    private string ResolveProjectFile(string projectPath)
    {
        var path = Path.GetFullPath(Path.Combine(AppHostDirectory, projectPath));
        if (File.Exists(path))
        {
            return path;
        }

        var projects = Directory.Exists(path) ? Directory.GetFiles(path, "*.csproj") : [];
        return projects.Length == 1
            ? projects[0]
            : throw new InvalidOperationException($"'{projectPath}' (resolved to {path}) must be a .csproj file or a folder holding exactly one.");
    }
}
