using AppHost.Orchestration;
using AppHost.Terminal;

namespace AppHost.Hosting;

/// <summary>The built application: runs every resource until Ctrl+C or SIGTERM, as Aspire's <c>DistributedApplication</c> does.</summary>
internal sealed class DistributedApplication(IReadOnlyList<ProjectResource> resources, AppHostEnvironment environment)
{
    /// <summary>Reads <c>--environment NAME</c> (default <c>dev</c>) from the command line.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var environment = AppHostEnvironment.Default;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--environment" && i + 1 < args.Length)
            {
                environment = args[++i];
            }
            else if (args[i].StartsWith("--environment=", StringComparison.Ordinal))
            {
                environment = args[i]["--environment=".Length..];
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: dotnet run --project aspire/AppHost [-- --environment dev|staging|production]");
            }
        }

        return new DistributedApplicationBuilder(new AppHostEnvironment(environment));
    }

    public void Run() => System.Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public Task<int> RunAsync()
    {
        var outputs = ProjectOutputs.FromAssembly(typeof(DistributedApplication).Assembly);
        var orchestrator = new ResourceOrchestrator(resources, environment, outputs, new ConsoleOutput(), TimeProvider.System);
        return orchestrator.RunAsync();
    }
}
