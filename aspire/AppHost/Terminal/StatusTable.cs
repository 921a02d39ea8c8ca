using System.Globalization;
using System.Text;
using AppHost.Orchestration;

namespace AppHost.Terminal;

/// <summary>Renders the resources as a table: name, URL, state, pid and restarts.</summary>
internal static class StatusTable
{
    public static string Render(IReadOnlyList<ResourceSnapshot> rows, bool colour)
    {
        var nameWidth = Math.Max(4, rows.Max(r => r.Name.Length));
        var urlWidth = Math.Max(3, rows.Max(r => r.Urls.Length));
        var text = new StringBuilder();
        var rule = $"+-{new string('-', nameWidth)}-+-{new string('-', urlWidth)}-+----------+---------+----------+";
        text.AppendLine(rule)
            .AppendLine($"| {"NAME".PadRight(nameWidth)} | {"URL".PadRight(urlWidth)} | STATE    | PID     | RESTARTS |")
            .AppendLine(rule);
        foreach (var row in rows)
        {
            var state = row.State.ToString().PadRight(8);
            if (colour)
            {
                state = $"{StateColour(row.State)}{state}\u001b[0m";
            }

            text.AppendLine($"| {row.Name.PadRight(nameWidth)} | {row.Urls.PadRight(urlWidth)} | {state} | {row.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",-7} | {row.Restarts,8} |");
        }

        return text.Append(rule).ToString();
    }

    private static string StateColour(ResourceState state) => state switch
    {
        ResourceState.Healthy => "\u001b[32m",
        ResourceState.Crashed => "\u001b[31m",
        ResourceState.Starting or ResourceState.Waiting => "\u001b[33m",
        _ => "\u001b[90m",
    };
}
