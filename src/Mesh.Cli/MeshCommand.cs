using System.CommandLine;
using Mesh.Cli.Commands;

namespace Mesh.Cli;

/// <summary>The <c>mesh</c> command line: inspect a running control plane, analyze and diff config.</summary>
internal static class MeshCommand
{
    public static RootCommand Create()
    {
        return new RootCommand("mesh: inspect a running mesh-cp, and analyze and diff mesh config before it ships.")
        {
            StatusCommand.Create(),
            ConfigCommand.Create(),
            StatCommand.Create(),
            DashboardCommand.Create(),
            CheckCommand.Create(),
            AnalyzeCommand.Create(),
            DiffCommand.Create(),
            InstallCommand.Create(),
            InjectCommand.Create(),
            TokenCommand.Create(),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return Create().Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
