using System.CommandLine;
using Mesh.Cli.Differences;
using Mesh.Cli.Output;
using Mesh.ControlPlane.Configuration;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh diff DIR A B</c>: how environment B's effective policy differs from A's, resource by resource and field by field.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "The mesh config directory." };
        directory.AcceptExistingOnly();
        var from = new Argument<string>("from") { Description = "The environment to compare from (for example staging)." };
        var to = new Argument<string>("to") { Description = "The environment to compare to (for example production)." };
        var output = CommonOptions.Output();
        var command = new Command("diff", "Show the effective-policy differences between two environments. Exit 0 when equal, 1 when they differ, 2 when either does not load.")
        {
            directory,
            from,
            to,
            output,
        };
        command.SetAction(parseResult =>
        {
            var console = CommonOptions.Console(parseResult);
            var path = parseResult.GetRequiredValue(directory).FullName;
            var a = parseResult.GetRequiredValue(from);
            var b = parseResult.GetRequiredValue(to);
            var loader = new MeshConfigLoader();
            var left = loader.Load(path, a);
            var right = loader.Load(path, b);
            if (!left.Succeeded || !right.Succeeded)
            {
                WriteLoadErrors(console, a, left);
                WriteLoadErrors(console, b, right);
                return 2;
            }

            var differences = PolicyComparer.Compare(PolicyFlattener.Flatten(left.Config), PolicyFlattener.Flatten(right.Config));
            if (parseResult.GetValue(output) == OutputFormat.Json)
            {
                console.WriteJson(new { from = a, to = b, differences });
            }
            else if (differences.Count == 0)
            {
                console.Out.WriteLine($"no differences between {a} and {b}");
            }
            else
            {
                foreach (var difference in differences)
                {
                    console.Out.WriteLine(difference.ToString());
                }
            }

            return differences.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static void WriteLoadErrors(CliConsole console, string environment, ConfigLoadResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        console.Error.WriteLine($"error: environment {environment} does not load, so there is nothing to compare ({result.Errors.Length} problem(s)):");
        foreach (var error in result.Errors)
        {
            console.Error.WriteLine($"  {error}");
        }

        console.Error.WriteLine($"  → run 'mesh analyze DIR --environment {environment}' for fixes");
    }
}
