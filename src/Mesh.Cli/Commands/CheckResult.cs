namespace Mesh.Cli.Commands;

/// <summary>One line of <c>mesh check</c>: what was checked, whether it passed, the detail, and what to do when it failed.</summary>
internal sealed record CheckResult(string Name, bool Passed, IReadOnlyList<string> Details, string? Next)
{
    public static CheckResult Pass(string name) => new(name, true, [], null);

    public static CheckResult Fail(string name, IReadOnlyList<string> details, string next) => new(name, false, details, next);
}
