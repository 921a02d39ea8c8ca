using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Telemetry;

namespace Mesh.ControlPlane.Admin;

/// <summary>
/// The dashboard's live part, rendered as HTML on each poll: services with their subsets and traffic split
/// (configured and observed), the call graph, and the connected clients with their versions and config.
/// </summary>
internal static class DashboardView
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Render(ConfigStore config, IReadOnlyList<XdsClientStatus> clients, StatsView stats)
    {
        var mesh = config.Current?.Config ?? MeshConfig.Empty;
        var html = new StringBuilder();
        RenderServices(html, mesh, stats);
        html.Append("<section id=\"graph\"><h2>Service graph <span class=\"muted\">(last ")
            .Append(stats.WindowSeconds.ToString(CultureInfo.InvariantCulture)).Append(" s)</span></h2>");
        html.Append(ServiceGraphSvg.Render(stats, mesh));
        html.Append("</section>");
        ClientsView.Render(html, clients, mesh);
        html.Append("<p class=\"muted\">config version ").Append(Html.Encode(config.Current?.Version ?? "none"))
            .Append(config.LastRejection is { } rejected ? $" · last edit rejected at {rejected.RejectedAt:u}" : string.Empty)
            .Append(" · JSON: <a href=\"/stats\">/stats</a> <a href=\"/clients\">/clients</a> <a href=\"/config\">/config</a></p>");
        return html.ToString();
    }

    private static void RenderServices(StringBuilder html, MeshConfig mesh, StatsView stats)
    {
        html.Append("<section id=\"services\"><h2>Services</h2><table><thead><tr><th>service</th><th>traffic split</th>")
            .Append("<th>success</th><th>rps</th><th>p50</th><th>p95</th><th>p99</th><th>requests</th></tr></thead><tbody>");
        foreach (var service in mesh.Services.Values)
        {
            var name = service.Metadata.Name;
            var ns = service.Metadata.Namespace;
            var observed = stats.Services.FirstOrDefault(s => s.Service == name && s.Namespace == ns);
            var metrics = observed?.Metrics;
            html.Append("<tr data-service=\"").Append(Html.Encode(name)).Append("\"><td><b>").Append(Html.Encode(name)).Append("</b>")
                .Append(ns == ResourceMetadata.DefaultNamespace ? string.Empty : $" <span class=\"muted\">{Html.Encode(ns)}</span>")
                .Append("</td><td>");
            RenderSplit(html, service, mesh, observed);
            html.Append("</td>");
            RenderMetrics(html, metrics);
            html.Append("</tr>");
        }

        if (mesh.Services.IsEmpty)
        {
            html.Append("<tr><td colspan=\"8\" class=\"muted\">no services in the served config</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    // Configured weights from the route's catch-all rule (the one most calls take), observed shares from the window.
    private static void RenderSplit(StringBuilder html, MeshServiceResource service, MeshConfig mesh, ServiceStats? observed)
    {
        var subsets = service.Spec.Subsets.Select(s => s.Name).ToList();
        if (subsets.Count == 0)
        {
            html.Append("<span class=\"muted\">all endpoints (").Append(service.Spec.Endpoints.Length).Append(")</span>");
            return;
        }

        var rule = mesh.Routes.Values
            .Where(r => r.Spec.Service == service.Metadata.Name && r.Metadata.Namespace == service.Metadata.Namespace)
            .SelectMany(r => r.Spec.Rules)
            .LastOrDefault(r => r.Match is null);
        var configured = subsets.ToDictionary(s => s, _ => 0d, StringComparer.Ordinal);
        if (rule is not null && rule.Destinations.Sum(d => (double)d.Weight) is > 0 and var total)
        {
            foreach (var destination in rule.Destinations.Where(d => d.Subset is not null && configured.ContainsKey(d.Subset)))
            {
                configured[destination.Subset!] += 100 * destination.Weight / total;
            }
        }

        var windowTotal = observed?.Subsets.Sum(s => s.Metrics.WindowRequests) ?? 0;
        var live = subsets.ToDictionary(
            s => s,
            s => windowTotal == 0 ? 0 : 100d * (observed!.Subsets.FirstOrDefault(o => o.Subset == s)?.Metrics.WindowRequests ?? 0) / windowTotal,
            StringComparer.Ordinal);
        html.Append("<div class=\"split\"><span>configured</span>");
        Bar(html, subsets, configured, "configured");
        html.Append("<span>live</span>");
        if (windowTotal == 0)
        {
            html.Append("<span class=\"muted\">no calls reported</span>");
        }
        else
        {
            Bar(html, subsets, live, "live");
        }

        html.Append("</div>");
    }

    private static void Bar(StringBuilder html, List<string> subsets, Dictionary<string, double> percent, string kind)
    {
        html.Append("<div class=\"bar\" data-split=\"").Append(kind).Append("\">");
        for (var i = 0; i < subsets.Count; i++)
        {
            var share = percent[subsets[i]];
            if (share <= 0)
            {
                continue;
            }

            var text = string.Create(CultureInfo.InvariantCulture, $"{subsets[i]} {share:0}%");
            html.Append("<span class=\"s").Append(i % 5).Append("\" style=\"width:")
                .Append(share.ToString("0.##", CultureInfo.InvariantCulture)).Append("%\" title=\"").Append(Html.Encode(text))
                .Append("\" data-subset=\"").Append(Html.Encode(subsets[i])).Append("\">").Append(Html.Encode(text)).Append("</span>");
        }

        html.Append("</div>");
    }

    private static void RenderMetrics(StringBuilder html, GoldenMetrics? metrics)
    {
        if (metrics is null)
        {
            html.Append("<td colspan=\"6\" class=\"muted\">no calls reported</td>");
            return;
        }

        html.Append("<td class=\"num ").Append(SuccessClass(metrics.SuccessRate)).Append("\" data-metric=\"success\">").Append(Percent(metrics.SuccessRate)).Append("</td>")
            .Append("<td class=\"num\" data-metric=\"rps\">").Append(metrics.Rps.ToString("0.##", CultureInfo.InvariantCulture)).Append("</td>")
            .Append("<td class=\"num\" data-metric=\"p50\">").Append(Milliseconds(metrics.P50Ms)).Append("</td>")
            .Append("<td class=\"num\">").Append(Milliseconds(metrics.P95Ms)).Append("</td>")
            .Append("<td class=\"num\">").Append(Milliseconds(metrics.P99Ms)).Append("</td>")
            .Append("<td class=\"num\" data-metric=\"requests\">").Append(metrics.Requests.ToString(CultureInfo.InvariantCulture)).Append("</td>");
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Milliseconds(double? ms) => ms is { } m ? m.ToString(m < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + " ms" : "-";

    public static string SuccessClass(double? rate) => rate switch
    {
        null => "muted",
        >= 0.99 => "ok",
        >= 0.95 => "warn",
        _ => "bad",
    };
}
