using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Telemetry;

namespace Mesh.ControlPlane.Admin;

/// <summary>
/// The dashboard on the admin address: <c>GET /dashboard</c> (and <c>/</c>) is the page, rendered on the
/// server; its script polls <c>GET /dashboard/view</c> every two seconds and swaps the fresh view in.
/// </summary>
internal static class DashboardEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static void MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect("/dashboard"));

        endpoints.MapGet(DashboardLogin.Path, async (HttpContext context, ConfigStore config, ReplicaClients clients, ReplicaTraffic traffic) =>
            DashboardLogin.TryLogIn(context)
                ? Results.Empty
                : Results.Content(DashboardPage.Render(await RenderAsync(config, clients, traffic, context.RequestAborted).ConfigureAwait(false)), HtmlType));

        endpoints.MapGet("/dashboard/view", async (ConfigStore config, ReplicaClients clients, ReplicaTraffic traffic, CancellationToken cancellationToken) =>
            Results.Content(await RenderAsync(config, clients, traffic, cancellationToken).ConfigureAwait(false), HtmlType));
    }

    // The peers are asked for clients and traffic at once.
    private static async Task<string> RenderAsync(ConfigStore config, ReplicaClients clients, ReplicaTraffic traffic, CancellationToken cancellationToken)
    {
        var connected = clients.SnapshotAsync(cancellationToken);
        var stats = traffic.SnapshotAsync(cancellationToken);
        return DashboardView.Render(config, await connected.ConfigureAwait(false), await stats.ConfigureAwait(false));
    }
}
