namespace Mesh.Cli.Analysis;

/// <summary>One config error as <c>mesh analyze</c> reports it, with the environments it appears in and a fix when one is obvious.</summary>
internal sealed record AnalyzedError(
    string File,
    int Line,
    int Column,
    string Field,
    string Message,
    string? Suggestion,
    IReadOnlyList<string> Environments)
{
    public string Where => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
