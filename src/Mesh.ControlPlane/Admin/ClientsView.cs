using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Admin;

/// <summary>
/// The dashboard's clients: per connected xDS client and resource type the ACKed version, in sync or stale, and
/// the last NACK; and, folded under each, its effective config: the mesh resources of the services it follows.
/// </summary>
internal static class ClientsView
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;
    private static readonly JsonSerializerOptions Json = ConfigJson.Create(includeLocations: false, indented: true);

    public static void Render(StringBuilder html, IReadOnlyList<XdsClientStatus> clients, MeshConfig mesh)
    {
        html.Append("<section id=\"clients\"><h2>Connected clients (").Append(clients.Count).Append(")</h2>");
        if (clients.Count == 0)
        {
            html.Append("<p class=\"muted\">no xDS clients are connected</p></section>");
            return;
        }

        html.Append("<table><thead><tr><th>client</th><th>service</th><th>kind</th><th>versions (ACKed)</th><th>last NACK</th></tr></thead><tbody>");
        foreach (var client in clients)
        {
            var nack = client.Types.Where(t => t.LastNack is not null).MaxBy(t => t.LastNack!.At);
            html.Append("<tr data-client=\"").Append(Html.Encode(client.NodeId)).Append("\"><td>").Append(Html.Encode(client.NodeId))
                .Append("<br><span class=\"muted\">").Append(Html.Encode(client.Peer))
                .Append(client.Replica is { } replica ? " via replica " + Html.Encode(replica) : string.Empty).Append("</span></td><td>").Append(Html.Encode(client.Cluster))
                .Append("</td><td>").Append(client.Kind.ToString()).Append("</td><td>");
            foreach (var type in client.Types.OrderBy(t => t.TypeUrl, StringComparer.Ordinal))
            {
                html.Append("<span class=\"").Append(type.InSync ? "ok" : "warn").Append("\">").Append(Html.Encode(ShortType(type.TypeUrl))).Append(' ')
                    .Append(Html.Encode(Short(type.AckedVersion))).Append(type.InSync ? " ✔" : " stale").Append("</span><br>");
            }

            html.Append("</td><td>");
            if (nack?.LastNack is { } last)
            {
                html.Append("<span class=\"bad\">").Append(Html.Encode(ShortType(nack.TypeUrl))).Append(' ').Append(Html.Encode(Short(last.Version)))
                    .Append(": ").Append(Html.Encode(last.Error)).Append("</span>");
            }
            else
            {
                html.Append("<span class=\"muted\">none</span>");
            }

            html.Append("</td></tr><tr><td colspan=\"5\"><details id=\"").Append(Html.Encode(DetailsId(client)))
                .Append("\"><summary>effective config</summary><pre>").Append(Html.Encode(EffectiveConfig(client, mesh))).Append("</pre></details></td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    // Stream ids are unique per replica only; a client of another replica carries that replica's address too, so the
    // page keeps each one's details open across refreshes.
    private static string DetailsId(XdsClientStatus client) =>
        client.Replica is { } replica
            ? string.Create(CultureInfo.InvariantCulture, $"client-{new string([.. replica.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')])}-{client.Id}")
            : string.Create(CultureInfo.InvariantCulture, $"client-{client.Id}");

    // What the client follows, in the user's language: each listener it subscribed to names a service.
    private static string EffectiveConfig(XdsClientStatus client, MeshConfig mesh)
    {
        var services = client.Types
            .Where(t => t.TypeUrl.EndsWith(".Listener", StringComparison.Ordinal))
            .SelectMany(t => t.Subscribed)
            .Select(ServiceOf)
            .Distinct()
            .OrderBy(s => s)
            .ToList();
        var document = new
        {
            client.NodeId,
            versions = client.Types.ToDictionary(t => ShortType(t.TypeUrl), t => new { acked = t.AckedVersion, sent = t.LastSentVersion, t.Subscribed }),
            services = services.Select(s => new
            {
                service = s.Namespace + "/" + s.Name,
                meshService = mesh.Services.Values.FirstOrDefault(r => Is(r.Metadata, s)),
                trafficRoutes = mesh.Routes.Values.Where(r => r.Spec.Service == s.Name && r.Metadata.Namespace == s.Namespace),
                destinationPolicies = mesh.DestinationPolicies.Values.Where(r => r.Spec.Service == s.Name && r.Metadata.Namespace == s.Namespace),
                rateLimits = mesh.RateLimits.Values.Where(r => r.Spec.Service == s.Name && r.Metadata.Namespace == s.Namespace),
            }),
        };
        return JsonSerializer.Serialize(document, Json);
    }

    private static bool Is(ResourceMetadata metadata, (string Name, string Namespace) service) =>
        metadata.Name == service.Name && metadata.Namespace == service.Namespace;

    private static (string Name, string Namespace) ServiceOf(string listener)
    {
        var labels = listener.Split('.');
        return (labels[0], labels.Length > 1 ? labels[1] : ResourceMetadata.DefaultNamespace);
    }

    private static string ShortType(string typeUrl) => typeUrl[(typeUrl.LastIndexOf('.') + 1)..];

    private static string Short(string? version) => version is null ? "-" : version.Length > 8 ? version[..8] : version;
}
