using System.Text;
using YamlDotNet.Serialization;

namespace Mesh.ControlPlane.Sources.Kubernetes.Manifests;

/// <summary>
/// Writes manifests (nested ordered maps, lists and scalars) as one multi-document YAML stream, byte for byte the
/// same every time. Strings YAML 1.1 would read as something else (on, yes, 0x1f) are quoted, as kubectl reads YAML 1.1.
/// </summary>
internal static class ManifestYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .WithIndentedSequences()
        .DisableAliases()
        .Build();

    public static string Write(IEnumerable<object> documents, string? header = null)
    {
        var text = new StringBuilder();
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                text.Append("# ").Append(line).Append('\n');
            }
        }

        foreach (var document in documents)
        {
            text.Append("---\n").Append(Serializer.Serialize(document).ReplaceLineEndings("\n"));
        }

        return text.ToString();
    }
}
