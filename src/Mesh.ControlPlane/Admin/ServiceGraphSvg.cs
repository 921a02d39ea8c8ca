using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Telemetry;

namespace Mesh.ControlPlane.Admin;

/// <summary>
/// Who calls whom as an SVG drawn on the server: services in columns by call depth (callers left of the services
/// they call), an arrow per edge labelled with its success rate, rate and median latency. An edge that skips a
/// column, or calls back, bends below the nodes so it never runs through one.
/// </summary>
internal static class ServiceGraphSvg
{
    private const int ColumnWidth = 340;
    private const int RowHeight = 70;
    private const int BendDepth = 45;
    private const int NodeWidth = 130;
    private const int NodeHeight = 30;
    private const int Margin = 20;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Render(StatsView stats, MeshConfig mesh)
    {
        var nodes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var service in mesh.Services.Values)
        {
            nodes.Add(service.Metadata.Name);
        }

        foreach (var edge in stats.Edges)
        {
            nodes.Add(edge.Caller);
            nodes.Add(edge.Service);
        }

        if (nodes.Count == 0)
        {
            return "<p class=\"muted\">no services yet</p>";
        }

        var depth = Depths(nodes, stats);
        var columns = nodes.GroupBy(n => depth[n]).OrderBy(g => g.Key).ToList();
        var position = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var row = 0;
            foreach (var node in column)
            {
                position[node] = (Margin + (column.Key * ColumnWidth), Margin + (row++ * RowHeight));
            }
        }

        var width = (Margin * 2) + (columns[^1].Key * ColumnWidth) + NodeWidth;
        // A bent edge dips half as far as its control point: room for the deepest one.
        var bends = stats.Edges.Select(e => Math.Abs(position[e.Service].X - position[e.Caller].X) / ColumnWidth).Where(span => span != 1).ToList();
        var height = (Margin * 2) + (columns.Max(c => c.Count()) * RowHeight) + (bends.Count == 0 ? 0 : BendDepth * (bends.Max() + 1) / 2);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"service graph\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#829ab1\"/></marker></defs>");
        foreach (var edge in stats.Edges)
        {
            AppendEdge(svg, edge, position[edge.Caller], position[edge.Service]);
        }

        foreach (var (node, (x, y)) in position)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"node\" data-node=\"{Html.Encode(node)}\"><rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"5\" fill=\"#d9e2ec\" stroke=\"#9fb3c8\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (NodeWidth / 2)}\" y=\"{y + 19}\" text-anchor=\"middle\">{Html.Encode(node)}</text></g>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static void AppendEdge(StringBuilder svg, EdgeStats edge, (int X, int Y) from, (int X, int Y) to)
    {
        var metrics = edge.Metrics;
        var span = (to.X - from.X) / ColumnWidth;
        int x1, y1, x2, y2, cx, cy;
        if (span == 1)
        {
            (x1, y1, x2, y2) = (from.X + NodeWidth, from.Y + (NodeHeight / 2), to.X, to.Y + (NodeHeight / 2));
            (cx, cy) = ((x1 + x2) / 2, (y1 + y2) / 2);
        }
        else
        {
            (x1, y1, x2, y2) = (from.X + (NodeWidth / 2), from.Y + NodeHeight, to.X + (NodeWidth / 2), to.Y + NodeHeight);
            (cx, cy) = ((x1 + x2) / 2, Math.Max(y1, y2) + (BendDepth * (Math.Abs(span) + 1)));
        }

        // The label sits at the curve's midpoint (a quadratic Bézier's point at t = ½).
        var (lx, ly) = ((x1 + (2 * cx) + x2) / 4, (y1 + (2 * cy) + y2) / 4);

        var colour = DashboardView.SuccessClass(metrics.SuccessRate) switch
        {
            "ok" => "#3ebd93",
            "warn" => "#f0b429",
            "bad" => "#ef4e4e",
            _ => "#9fb3c8",
        };
        var label = string.Create(
            CultureInfo.InvariantCulture,
            $"{DashboardView.Percent(metrics.SuccessRate)} · {metrics.Rps:0.##} rps · p50 {DashboardView.Milliseconds(metrics.P50Ms)}");
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"edge\" data-caller=\"{Html.Encode(edge.Caller)}\" data-service=\"{Html.Encode(edge.Service)}\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{Html.Encode(edge.Caller)} → {Html.Encode(edge.Service)}: {edge.Metrics.Requests} calls, {edge.Metrics.Errors} errors</title>")
            .Append(CultureInfo.InvariantCulture, $"<path d=\"M{x1},{y1} Q{cx},{cy} {x2},{y2}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" marker-end=\"url(#arrow)\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"edge-label\" x=\"{lx}\" y=\"{ly - 6}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#334e68\" stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\">{Html.Encode(label)}</text></g>");
    }

    // A node's column is the longest chain of callers above it; cycles stop growing after one pass per node.
    private static Dictionary<string, int> Depths(SortedSet<string> nodes, StatsView stats)
    {
        var depth = nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        for (var pass = 0; pass < nodes.Count; pass++)
        {
            var changed = false;
            foreach (var edge in stats.Edges)
            {
                if (edge.Caller != edge.Service && depth[edge.Service] < depth[edge.Caller] + 1 && depth[edge.Caller] + 1 < nodes.Count)
                {
                    depth[edge.Service] = depth[edge.Caller] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return depth;
    }
}
