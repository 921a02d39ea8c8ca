namespace Mesh.Cli.Differences;

/// <summary>One resource of an environment's effective policy, flattened to <c>field path → JSON value</c>.</summary>
internal sealed record PolicyResource(string Kind, string Name, IReadOnlyDictionary<string, string> Fields)
{
    public string Id => $"{Kind} {Name}";
}
