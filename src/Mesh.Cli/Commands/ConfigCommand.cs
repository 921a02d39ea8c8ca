using System.CommandLine;
using Mesh.Cli.Admin;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh config CLIENT</c>: what one client subscribed to and holds, per type, beside the served config version.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var client = new Argument<string>("client") { Description = "The client's node id, or a prefix of it." };
        var controlPlane = CommonOptions.ControlPlane();
        var output = CommonOptions.Output();
        var command = new Command("config", "Show what one xDS client has: subscribed names and versions per resource type, and the served config version.")
        {
            client,
            controlPlane,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => ControlPlaneAction.RunAsync(
            parseResult,
            controlPlane,
            (admin, console) => RunAsync(admin, console, parseResult.GetRequiredValue(client), parseResult.GetValue(output), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(AdminClient admin, CliConsole console, string nodeId, OutputFormat format, CancellationToken cancellationToken)
    {
        var clients = await admin.GetClientsAsync(cancellationToken).ConfigureAwait(false);
        var selected = ClientSelector.Select(clients, nodeId);
        var nodeIds = selected.Select(c => c.NodeId).Distinct(StringComparer.Ordinal).ToList();
        if (nodeIds.Count != 1)
        {
            WriteNoMatch(console, nodeId, nodeIds.Count == 0 ? clients.Select(c => c.NodeId).Distinct(StringComparer.Ordinal).ToList() : nodeIds);
            return 1;
        }

        var served = await admin.GetAsync<ConfigInfo>(AdminPaths.Config, cancellationToken).ConfigureAwait(false);
        if (format == OutputFormat.Json)
        {
            console.WriteJson(new { servedVersion = served.Version, environment = served.Environment, clients = selected });
            return 0;
        }

        console.Out.WriteLine($"served config: version {served.Version ?? "(none)"}, environment {(string.IsNullOrEmpty(served.Environment) ? "base" : served.Environment)}");
        foreach (var stream in selected)
        {
            console.Out.WriteLine();
            console.Out.WriteLine($"client {stream.Describe()}, connected {stream.ConnectedAt:u}");
            var table = new TextTable("TYPE", "ACKED", "SENT", "STATE", "NAMES");
            foreach (var type in stream.Types.OrderBy(t => t.TypeUrl, StringComparer.Ordinal))
            {
                table.Add(type.ShortType, type.AckedVersion ?? "-", type.LastSentVersion ?? "-", type.State, string.Join(", ", type.Subscribed));
            }

            table.WriteTo(console.Out);
            foreach (var type in stream.Types.Where(t => t.LastNack is not null))
            {
                console.Out.WriteLine($"last NACK of {type.ShortType} version {type.LastNack!.Version} at {type.LastNack.At:u}: {type.LastNack.Error}");
            }
        }

        return 0;
    }

    private static void WriteNoMatch(CliConsole console, string nodeId, IReadOnlyList<string> candidates)
    {
        if (candidates.Count == 0)
        {
            console.Error.WriteLine($"error: no client '{nodeId}': no xDS clients are connected; start one with its bootstrap pointing at mesh-cp's --xds-address, then run 'mesh status'");
            return;
        }

        var ambiguous = candidates.Any(c => c.StartsWith(nodeId, StringComparison.Ordinal));
        console.Error.WriteLine(ambiguous
            ? $"error: '{nodeId}' matches several clients; give more of the node id. Matching:"
            : $"error: no client '{nodeId}'; pass one of the connected node ids (or a prefix):");
        foreach (var candidate in candidates)
        {
            console.Error.WriteLine($"  {candidate}");
        }
    }
}
