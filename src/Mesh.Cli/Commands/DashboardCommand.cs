using System.CommandLine;
using Mesh.Cli.Admin;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh dashboard</c>: prints the address of mesh-cp's dashboard to open in a browser, with the admin token
/// (from <c>$MESH_ADMIN_TOKEN</c> or <c>$MESH_ADMIN_TOKEN_FILE</c>) that mesh-cp trades for a cookie on the first visit.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var controlPlane = CommonOptions.ControlPlane();
        var command = new Command("dashboard", "Print the address of mesh-cp's live dashboard, with the admin token when one is configured, to open in a browser.")
        {
            controlPlane,
        };
        command.SetAction((parseResult, cancellationToken) => ControlPlaneAction.RunAsync(
            parseResult,
            controlPlane,
            (admin, console) => Task.FromResult(Run(admin, console))));
        return command;
    }

    private static int Run(AdminClient admin, CliConsole console)
    {
        var address = new Uri(admin.BaseAddress, "dashboard").ToString();
        if (AdminCredentials.Find() is { } token)
        {
            console.Out.WriteLine($"{address}?token={Uri.EscapeDataString(token)}");
            console.Error.WriteLine("open it in a browser: mesh-cp keeps the token in a cookie for /dashboard and drops it from the address");
        }
        else
        {
            console.Out.WriteLine(address);
            console.Error.WriteLine($"no admin token configured; if mesh-cp runs with --auth required, set ${AdminCredentials.TokenFileVariable} to its DATA-DIR/admin.token");
        }

        return 0;
    }
}
