using System.CommandLine;
using Mesh.Cli.Analysis;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh analyze DIR</c>: runs mesh-cp's own loader and validator and reports every error with a fix where one is obvious.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The mesh config directory (base/ plus environments/NAME/, or flat)." };
        directory.AcceptExistingOnly();
        var environment = new Option<string?>("--environment")
        {
            Description = "Analyze base overlaid by this environment only. Default: base and every environment.",
        };
        var output = CommonOptions.Output();
        var command = new Command("analyze", "Validate a mesh config directory exactly as mesh-cp would; exit 1 on any error. For CI.")
        {
            directory,
            environment,
            output,
        };
        command.SetAction(parseResult =>
        {
            var console = CommonOptions.Console(parseResult);
            var report = ConfigAnalyzer.Analyze(parseResult.GetRequiredValue(directory).FullName, parseResult.GetValue(environment));
            if (parseResult.GetValue(output) == OutputFormat.Json)
            {
                console.WriteJson(report);
            }
            else
            {
                Write(console.Out, report);
            }

            return report.Clean ? 0 : 1;
        });
        return command;
    }

    private static void Write(TextWriter writer, AnalysisReport report)
    {
        var scope = report.Environments is [ConfigAnalyzer.Base]
            ? string.Empty
            : $" ({string.Join(", ", report.Environments)})";
        if (report.Clean)
        {
            writer.WriteLine($"no problems found in {report.Files.Count} files{scope}");
            return;
        }

        foreach (var error in report.Errors)
        {
            var field = error.Field.Length == 0 ? string.Empty : $"{error.Field}: ";
            var where = error.Environments.Count == report.Environments.Count || report.Environments.Count == 1
                ? string.Empty
                : $" [{string.Join(", ", error.Environments)}]";
            writer.WriteLine($"{error.Where}: {field}{error.Message}{where}");
            if (error.Suggestion is not null)
            {
                writer.WriteLine($"    fix: {error.Suggestion}");
            }
        }

        writer.WriteLine();
        var files = report.Files.Count == 0 ? string.Empty : $" in {report.Files.Count} files";
        writer.WriteLine($"{report.Errors.Count} problem(s){files}{scope}; fix them and run mesh analyze again");
    }
}
