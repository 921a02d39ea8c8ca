namespace Mesh.Cli.Analysis;

/// <summary>The outcome of analyzing a config directory: what was loaded, the files read, and every error.</summary>
internal sealed record AnalysisReport(IReadOnlyList<string> Environments, IReadOnlyList<string> Files, IReadOnlyList<AnalyzedError> Errors)
{
    public bool Clean => Errors.Count == 0;
}
