using System.CommandLine;
using Mesh.Cli.Output;

namespace Mesh.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public const string ControlPlaneVariable = "MESH_CONTROL_PLANE";
    public const string DefaultControlPlane = "http://127.0.0.1:15014";

    public static Option<string> ControlPlane() => new("--control-plane")
    {
        Description = $"The mesh-cp admin API. Default: ${ControlPlaneVariable}, else {DefaultControlPlane}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ControlPlaneVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : DefaultControlPlane,
    };

    public static Option<OutputFormat> Output() => new("--output", "-o")
    {
        Description = "table (default) for people, json for scripts.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static CliConsole Console(ParseResult parseResult) =>
        new(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
}
