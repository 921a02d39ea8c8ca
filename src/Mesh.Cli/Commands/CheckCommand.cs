using System.CommandLine;
using System.Net;
using System.Text.Json;
using Mesh.Cli.Admin;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh check</c>: the control plane is up, its config was accepted, every client is in sync without NACKs, and
/// (with mesh-cp's <c>--peers</c>) every peer replica answers.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var controlPlane = CommonOptions.ControlPlane();
        var output = CommonOptions.Output();
        var command = new Command("check", "Check the control plane is healthy, its config accepted, and every xDS client in sync with no NACKs. Exit 1 if not.")
        {
            controlPlane,
            output,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, controlPlane, parseResult.GetValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, Option<string> controlPlane, OutputFormat format, CancellationToken cancellationToken)
    {
        var console = CommonOptions.Console(parseResult);
        var results = new List<CheckResult>();
        try
        {
            using var admin = AdminClient.Connect(parseResult.GetRequiredValue(controlPlane), console.Error);
            await CheckAllAsync(admin, results, cancellationToken).ConfigureAwait(false);
        }
        catch (AdminUnavailableException ex)
        {
            results.Add(CheckResult.Fail(
                "control plane is reachable",
                [ex.Message],
                "mesh check reads mesh-cp's admin API, which listens on its --admin-address (127.0.0.1:15014 unless changed)"));
        }

        var failed = results.Count(r => !r.Passed);
        if (format == OutputFormat.Json)
        {
            console.WriteJson(new { passed = failed == 0, checks = results });
            return failed == 0 ? 0 : 1;
        }

        foreach (var result in results)
        {
            console.Out.WriteLine($"{(result.Passed ? "✔" : "✖")} {result.Name}");
            foreach (var detail in result.Details)
            {
                console.Out.WriteLine($"    {detail}");
            }

            if (result.Next is not null)
            {
                console.Out.WriteLine($"    → {result.Next}");
            }
        }

        console.Out.WriteLine();
        console.Out.WriteLine(failed == 0
            ? $"Status check results are ✔ ({results.Count} checks passed)"
            : $"Status check results are ✖ ({failed} of {results.Count} checks failed)");
        return failed == 0 ? 0 : 1;
    }

    private static async Task CheckAllAsync(AdminClient admin, List<CheckResult> results, CancellationToken cancellationToken)
    {
        var (status, health) = await admin.GetDocumentAsync(AdminPaths.Health, cancellationToken).ConfigureAwait(false);
        results.Add(CheckResult.Pass($"control plane is reachable at {admin.BaseAddress}"));
        results.Add(status == HttpStatusCode.OK
            ? CheckResult.Pass($"control plane is healthy (config version {Version(health)})")
            : CheckResult.Fail(
                "control plane is healthy",
                [$"/healthz answered {(int)status}: {health}"],
                "mesh-cp has no good config to serve; run 'mesh analyze CONFIG_DIR' and fix what it reports"));

        var config = await admin.GetAsync<ConfigInfo>(AdminPaths.Config, cancellationToken).ConfigureAwait(false);
        results.Add(config.LastRejection is { } rejection
            ? CheckResult.Fail(
                "config is accepted",
                [$"the last edit was rejected at {rejection.RejectedAt:u}; still serving version {config.Version ?? "(none)"}:", .. rejection.Errors.Select(e => "  " + e)],
                "fix these errors in the config directory (check with 'mesh analyze CONFIG_DIR'); mesh-cp reloads on save")
            : CheckResult.Pass($"config is accepted (version {config.Version ?? "(none)"})"));

        var clients = await admin.GetClientsAsync(cancellationToken).ConfigureAwait(false);
        var stale = clients.SelectMany(c => c.Types.Where(t => !t.InSync).Select(t =>
            $"{c.NodeId}: {t.ShortType} {t.State} (acked {t.AckedVersion ?? "nothing"}, sent {t.LastSentVersion ?? "nothing"})")).ToList();
        results.Add(stale.Count == 0
            ? CheckResult.Pass($"every xDS client is in sync ({clients.Count} connected)")
            : CheckResult.Fail(
                "every xDS client is in sync",
                stale,
                "a client that does not ACK the last version is still running older config; look for a NACK below or in its own log, and run 'mesh config NODE_ID'"));

        var nacks = clients.SelectMany(c => c.Types.Where(t => t.LastNack is not null).Select(t =>
            $"{c.NodeId}: {t.ShortType} version {t.LastNack!.Version} rejected at {t.LastNack.At:u}: {t.LastNack.Error}")).ToList();
        results.Add(nacks.Count == 0
            ? CheckResult.Pass("no client rejected config (no NACKs)")
            : CheckResult.Fail(
                "no client rejected config (no NACKs)",
                nacks,
                "the client could not use what mesh-cp sent; change the config it names so the client accepts it, or report the client's error as a mesh-cp bug"));

        // Only a replica started with --peers reports on them.
        var stats = await admin.GetAsync<StatsInfo>(AdminPaths.Stats, cancellationToken).ConfigureAwait(false);
        if (stats.Replicas is { } replicas)
        {
            results.Add(replicas.Unreachable.Count == 0
                ? CheckResult.Pass($"every peer replica answers ({replicas.Merged.Count} besides this one)")
                : CheckResult.Fail(
                    "every peer replica answers",
                    [.. replicas.Unreachable],
                    "a replica that does not answer leaves its clients and their traffic out of these checks and misses revocations taken elsewhere; check that it runs, and that every replica reads the same admin token (--secrets-dir)"));
        }
    }

    private static string Version(JsonElement health) =>
        health.ValueKind == JsonValueKind.Object && health.TryGetProperty("version", out var version) ? version.ToString() : "unknown";
}
