using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.ControlPlane.Configuration.Yaml;

/// <summary>
/// Converts YamlDotNet's representation model into <see cref="ConfigNode"/> trees stamped with file,
/// line and column. Aliases are expanded, so the total node count is capped: a few lines of nested
/// aliases ("billion laughs") must not exhaust the control plane's memory.
/// </summary>
internal sealed class YamlNodeConverter(string file, ICollection<ConfigError> errors)
{
    /// <summary>Far above any real mesh config file, far below what hurts.</summary>
    public const int MaxNodesPerFile = 200_000;

    private int converted;

    /// <summary>Converts one document root; null (with an error) when the file exceeds <see cref="MaxNodesPerFile"/>.</summary>
    public ConfigNode? Convert(YamlNode root)
    {
        if (converted > MaxNodesPerFile)
        {
            return null;
        }

        var node = ConvertNode(root);
        if (converted <= MaxNodesPerFile)
        {
            return node;
        }

        errors.Add(new ConfigError(
            Locate(root.Start),
            string.Empty,
            $"the document expands to more than {MaxNodesPerFile} nodes (check for nested aliases); split it or remove the aliases"));
        return null;
    }

    private ConfigNode ConvertNode(YamlNode node)
    {
        var location = Locate(node.Start);
        if (++converted > MaxNodesPerFile)
        {
            return new ConfigScalar(string.Empty, true, location);
        }

        switch (node)
        {
            case YamlSequenceNode sequence:
                var items = ImmutableArray.CreateBuilder<ConfigNode>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                {
                    items.Add(ConvertNode(child));
                }

                return new ConfigSequence(items.MoveToImmutable(), location);
            case YamlMappingNode mapping:
                var entries = ImmutableArray.CreateBuilder<ConfigEntry>(mapping.Children.Count);
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        entries.Add(new ConfigEntry(name, Locate(key.Start), ConvertNode(value)));
                    }
                    else
                    {
                        errors.Add(new ConfigError(Locate(key.Start), string.Empty, "mapping keys must be plain strings; write the key as a scalar"));
                    }
                }

                return new ConfigMapping(entries.ToImmutable(), location);
            case YamlScalarNode scalar:
                return new ConfigScalar(scalar.Value ?? string.Empty, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any, location);
            default:
                return new ConfigScalar(string.Empty, true, location);
        }
    }

    private SourceLocation Locate(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
}
