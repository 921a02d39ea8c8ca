using System.Text.Json;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Telemetry;

namespace Mesh.ControlPlane.Admin;

/// <summary>
/// The admin API: health, the served config and its last rejection, connected xDS clients, and golden metrics.
/// Clients and metrics cover every replica named by <c>--peers</c>; <c>/clients/local</c> and <c>/stats/local</c>
/// are this replica's own share.
/// </summary>
internal static class AdminEndpoints
{
    private static readonly JsonSerializerOptions Json = ConfigJson.Create(includeLocations: true, indented: true);

    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (ConfigStore store) => store.Current is { } current
            ? Results.Json(new { status = "ok", version = current.Version }, Json)
            : Results.Json(new { status = "no config" }, Json, statusCode: StatusCodes.Status503ServiceUnavailable));

        endpoints.MapGet("/config", (ConfigStore store) => Results.Json(ConfigView.From(store), Json));

        endpoints.MapGet("/clients", async (ReplicaClients clients, CancellationToken cancellationToken) =>
            Results.Json(await clients.SnapshotAsync(cancellationToken).ConfigureAwait(false), Json));

        endpoints.MapGet(ReplicaClients.LocalPath, (ReplicaClients clients) => Results.Json(clients.Local(), Json));

        endpoints.MapGet("/stats", async (ReplicaTraffic traffic, CancellationToken cancellationToken) =>
            Results.Json(await traffic.SnapshotAsync(cancellationToken).ConfigureAwait(false), Json));

        endpoints.MapGet(ReplicaTraffic.LocalPath, (ReplicaTraffic traffic) => Results.Json(traffic.Local(), Json));

        endpoints.MapDashboard();
    }
}
