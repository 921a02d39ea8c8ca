using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.ControlPlane.Configuration.Yaml;

/// <summary>Reads one YAML file (one or many documents) into <see cref="ConfigNode"/> trees.</summary>
internal static class YamlDocumentReader
{
    /// <summary>Parses <paramref name="text"/>; empty documents are skipped, syntax errors reported at their mark.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">The path errors and locations name, relative to the config directory.</param>
    /// <param name="errors">Receives syntax errors; on a syntax error no document of the file is returned.</param>
    public static ImmutableArray<ConfigNode> Read(string text, string file, ICollection<ConfigError> errors)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException ex)
        {
            errors.Add(SyntaxError(file, ex.Start, Describe(ex)));
            return [];
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed plain scalars (an unclosed flow mapping
            // running into the next line); where it stopped is the best position we have.
            errors.Add(SyntaxError(file, scanner.CurrentPosition, "unexpected content; check for an unclosed '{', '[' or quote"));
            return [];
        }

        var converter = new YamlNodeConverter(file, errors);
        var documents = ImmutableArray.CreateBuilder<ConfigNode>(stream.Documents.Count);
        foreach (var document in stream.Documents)
        {
            if (converter.Convert(document.RootNode) is { } root and not ConfigScalar { IsNull: true })
            {
                documents.Add(root);
            }
        }

        return documents.ToImmutable();
    }

    private static ConfigError SyntaxError(string file, Mark mark, string problem) =>
        new(new SourceLocation(file, (int)mark.Line, (int)mark.Column), string.Empty, $"invalid YAML: {problem}; fix the syntax at this position");

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException is { } inner && ex.Message.Length == 0 ? inner.Message : ex.Message;
        var prefix = $"{ex.Start}";
        var trimmed = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
        return trimmed.TrimStart(':', ' ', '-').Trim().TrimEnd('.');
    }
}
