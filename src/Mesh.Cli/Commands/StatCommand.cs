using System.CommandLine;
using System.Globalization;
using Mesh.Cli.Admin;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh stat [SERVICE]</c>: golden metrics from the load every client reports to mesh-cp: success rate, requests
/// per second and latency percentiles over mesh-cp's window, and requests and errors since it started. Every
/// service and subset; or, for one service, each subset and each caller.
/// </summary>
internal static class StatCommand
{
    public static Command Create()
    {
        var service = new Argument<string?>("service") { Description = "One service (name, or namespace/name) to show per subset and caller.", Arity = ArgumentArity.ZeroOrOne };
        var controlPlane = CommonOptions.ControlPlane();
        var output = CommonOptions.Output();
        var command = new Command("stat", "Show golden metrics per service and subset (or, for one service, per subset and caller): success rate, RPS, p50/p95/p99 latency, requests and errors.")
        {
            service,
            controlPlane,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => ControlPlaneAction.RunAsync(
            parseResult,
            controlPlane,
            (admin, console) => RunAsync(admin, console, parseResult.GetValue(service), parseResult.GetValue(output), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(AdminClient admin, CliConsole console, string? name, OutputFormat format, CancellationToken cancellationToken)
    {
        var stats = await admin.GetAsync<StatsInfo>(AdminPaths.Stats, cancellationToken).ConfigureAwait(false);
        if (name is null)
        {
            return WriteAll(console, stats, format);
        }

        var service = stats.Services.FirstOrDefault(s => Matches(s, name));
        if (service is null)
        {
            var known = stats.Services.Count == 0 ? "no client has reported calls yet" : "services with calls: " + string.Join(", ", stats.Services.Select(s => s.Service));
            await console.Error.WriteLineAsync($"error: no calls to '{name}' were reported ({known}); callers report every few seconds, so try again shortly").ConfigureAwait(false);
            return 1;
        }

        if (format == OutputFormat.Json)
        {
            console.WriteJson(new { stats.GeneratedAt, stats.WindowSeconds, service });
            return 0;
        }

        var table = new TextTable("SUBSET", "CALLER", "SUCCESS", "RPS", "P50", "P95", "P99", "REQUESTS", "ERRORS");
        table.Add(Row("(all)", "(all)", service.Metrics));
        foreach (var subset in service.Subsets)
        {
            table.Add(Row(SubsetName(subset.Subset), "(all)", subset.Metrics));
        }

        foreach (var caller in service.Callers)
        {
            table.Add(Row(SubsetName(caller.Subset), caller.Caller, caller.Metrics));
        }

        table.WriteTo(console.Out);
        WriteFooter(console, stats);
        return 0;
    }

    private static int WriteAll(CliConsole console, StatsInfo stats, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            console.WriteJson(stats);
            return 0;
        }

        if (stats.Services.Count == 0)
        {
            console.Out.WriteLine("no calls reported yet: services report the load they send every few seconds once they call a mesh service");
            return 0;
        }

        var table = new TextTable("SERVICE", "SUBSET", "SUCCESS", "RPS", "P50", "P95", "P99", "REQUESTS", "ERRORS");
        foreach (var service in stats.Services)
        {
            var qualified = service.Namespace is "default" or "" ? service.Service : $"{service.Namespace}/{service.Service}";
            table.Add(Row(qualified, "(all)", service.Metrics));
            foreach (var subset in service.Subsets)
            {
                table.Add(Row(string.Empty, SubsetName(subset.Subset), subset.Metrics));
            }
        }

        table.WriteTo(console.Out);
        WriteFooter(console, stats);
        return 0;
    }

    private static void WriteFooter(CliConsole console, StatsInfo stats)
    {
        console.Out.WriteLine();
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"success rate, RPS and latency over the last {stats.WindowSeconds:0} s; requests and errors since mesh-cp started"));
        if (stats.Replicas is { } replicas)
        {
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"summed over the replica that answered and {replicas.Merged.Count} peer(s){(replicas.Merged.Count == 0 ? string.Empty : ": " + string.Join(", ", replicas.Merged))}"));
            foreach (var unreachable in replicas.Unreachable)
            {
                console.Error.WriteLine("left out, did not answer: " + unreachable);
            }
        }
    }

    private static string[] Row(string first, string second, MetricsInfo metrics) =>
    [
        first,
        second,
        metrics.SuccessRate is { } rate ? (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "-",
        metrics.Rps.ToString("0.0", CultureInfo.InvariantCulture),
        Milliseconds(metrics.P50Ms),
        Milliseconds(metrics.P95Ms),
        Milliseconds(metrics.P99Ms),
        metrics.Requests.ToString(CultureInfo.InvariantCulture),
        metrics.Errors.ToString(CultureInfo.InvariantCulture),
    ];

    private static string Milliseconds(double? value) => value is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) + "ms" : "-";

    private static string SubsetName(string subset) => subset.Length == 0 ? "(none)" : subset;

    private static bool Matches(ServiceStatsInfo service, string name) =>
        string.Equals(service.Service, name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals($"{service.Namespace}/{service.Service}", name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals($"{service.Service}.{service.Namespace}", name, StringComparison.OrdinalIgnoreCase);
}
