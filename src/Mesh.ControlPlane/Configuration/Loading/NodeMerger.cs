using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>
/// Overlays one node tree on another: mappings merge key by key, recursively; lists and scalars
/// from the overlay replace the base. Every node keeps the location of the file that wrote it.
/// </summary>
internal static class NodeMerger
{
    public static ConfigNode Merge(ConfigNode baseNode, ConfigNode overlay)
    {
        if (baseNode is not ConfigMapping baseMap || overlay is not ConfigMapping overlayMap)
        {
            return overlay;
        }

        var entries = ImmutableArray.CreateBuilder<ConfigEntry>(baseMap.Entries.Length + overlayMap.Entries.Length);
        foreach (var entry in baseMap.Entries)
        {
            var replacement = overlayMap.Find(entry.Key);
            entries.Add(replacement is null ? entry : replacement with { Value = Merge(entry.Value, replacement.Value) });
        }

        foreach (var entry in overlayMap.Entries)
        {
            if (baseMap.Find(entry.Key) is null)
            {
                entries.Add(entry);
            }
        }

        return new ConfigMapping(entries.ToImmutable(), overlayMap.Location);
    }
}
