using System.CommandLine;
using Mesh.Cli.Admin;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh status</c>: every xDS client, and per type what it ACKed, whether it is in sync, and its last NACK.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var controlPlane = CommonOptions.ControlPlane();
        var output = CommonOptions.Output();
        var command = new Command("status", "Show each connected xDS client: per resource type the ACKed version, in sync or stale, and the last NACK.")
        {
            controlPlane,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => ControlPlaneAction.RunAsync(
            parseResult,
            controlPlane,
            (admin, console) => RunAsync(admin, console, parseResult.GetValue(output), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(AdminClient admin, CliConsole console, OutputFormat format, CancellationToken cancellationToken)
    {
        var clients = await admin.GetClientsAsync(cancellationToken).ConfigureAwait(false);
        var problems = clients.Sum(c => c.Types.Count(t => !t.InSync || t.LastNack is not null));
        if (format == OutputFormat.Json)
        {
            console.WriteJson(new { controlPlane = admin.BaseAddress, clients });
            return problems == 0 ? 0 : 1;
        }

        if (clients.Count == 0)
        {
            console.Out.WriteLine("no xDS clients are connected; point a client's bootstrap server_uri at mesh-cp's --xds-address");
            return 0;
        }

        var table = new TextTable("CLIENT", "KIND", "TYPE", "ACKED", "STATE", "LAST NACK");
        foreach (var client in clients)
        {
            var first = true;
            foreach (var type in client.Types.OrderBy(t => t.TypeUrl, StringComparer.Ordinal))
            {
                table.Add(
                    first ? client.NodeId + (client.Replica is { } replica ? " via " + replica : string.Empty) : string.Empty,
                    first ? client.Kind ?? "-" : string.Empty,
                    type.ShortType,
                    type.AckedVersion ?? "-",
                    type.State,
                    type.LastNack is { } nack ? $"version {nack.Version}: {nack.Error}" : string.Empty);
                first = false;
            }

            if (first)
            {
                table.Add(client.NodeId, client.Kind ?? "-", "-", "-", "no subscriptions", string.Empty);
            }
        }

        table.WriteTo(console.Out);
        console.Out.WriteLine();
        console.Out.WriteLine(problems == 0
            ? $"{clients.Count} client(s), all in sync"
            : $"{problems} subscription(s) stale or NACKed; run 'mesh config CLIENT' for one client's detail, or 'mesh check' for what to do");
        return problems == 0 ? 0 : 1;
    }
}
