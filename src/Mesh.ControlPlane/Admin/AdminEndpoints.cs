using System.Text.Json;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Telemetry;

namespace Mesh.ControlPlane.Admin;

/// <summary>The admin API: health, the served config and its last rejection, connected xDS clients, and golden metrics.</summary>
internal static class AdminEndpoints
{
    private static readonly JsonSerializerOptions Json = ConfigJson.Create(includeLocations: true, indented: true);

    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (ConfigStore store) => store.Current is { } current
            ? Results.Json(new { status = "ok", version = current.Version }, Json)
            : Results.Json(new { status = "no config" }, Json, statusCode: StatusCodes.Status503ServiceUnavailable));

        endpoints.MapGet("/config", (ConfigStore store) => Results.Json(ConfigView.From(store), Json));

        endpoints.MapGet("/clients", (XdsClientRegistry registry) => Results.Json(registry.Snapshot(), Json));

        endpoints.MapGet("/stats", (TrafficStore traffic) => Results.Json(traffic.Snapshot(), Json));

        endpoints.MapDashboard();
    }
}
