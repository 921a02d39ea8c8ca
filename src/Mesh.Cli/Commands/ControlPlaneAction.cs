using System.CommandLine;
using Mesh.Cli.Admin;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>Runs a command body against the admin API, turning an unreachable control plane into one actionable error line.</summary>
internal static class ControlPlaneAction
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        Option<string> controlPlane,
        Func<AdminClient, CliConsole, Task<int>> body)
    {
        var console = CommonOptions.Console(parseResult);
        try
        {
            using var admin = AdminClient.Connect(parseResult.GetRequiredValue(controlPlane), console.Error);
            return await body(admin, console).ConfigureAwait(false);
        }
        catch (AdminUnavailableException ex)
        {
            await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
