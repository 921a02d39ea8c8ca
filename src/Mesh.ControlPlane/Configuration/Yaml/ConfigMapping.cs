using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Yaml;

/// <summary>A YAML mapping with string keys, in the order written.</summary>
internal sealed record ConfigMapping(ImmutableArray<ConfigEntry> Entries, SourceLocation Location) : ConfigNode(Location)
{
    public override string Description => "a mapping";

    public ConfigEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}

/// <summary>One key of a mapping, where the key was written, and its value.</summary>
internal sealed record ConfigEntry(string Key, SourceLocation KeyLocation, ConfigNode Value);
