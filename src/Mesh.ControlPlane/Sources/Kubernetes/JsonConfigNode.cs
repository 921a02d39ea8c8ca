using System.Collections.Immutable;
using System.Text.Json;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Converts an object from the API server into the node tree the config binders read, every node
/// located at the object it came from, so a binding error names the object and its field.
/// </summary>
internal static class JsonConfigNode
{
    public static ConfigNode From(JsonElement element, SourceLocation location) => element.ValueKind switch
    {
        JsonValueKind.Object => new ConfigMapping(
            [.. element.EnumerateObject().Select(p => new ConfigEntry(p.Name, location, From(p.Value, location)))],
            location),
        JsonValueKind.Array => new ConfigSequence([.. element.EnumerateArray().Select(item => From(item, location))], location),
        JsonValueKind.String => new ConfigScalar(element.GetString()!, IsPlain: false, location),
        JsonValueKind.Null or JsonValueKind.Undefined => new ConfigScalar("null", IsPlain: true, location),
        _ => new ConfigScalar(element.GetRawText(), IsPlain: true, location),
    };

    /// <summary>A mapping of string values, in key order.</summary>
    public static ConfigMapping Strings(IEnumerable<KeyValuePair<string, string>> values, SourceLocation location) =>
        new([.. values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new ConfigEntry(v.Key, location, new ConfigScalar(v.Value, IsPlain: false, location)))], location);

    /// <summary>A mapping from entries built by the caller.</summary>
    public static ConfigMapping Mapping(SourceLocation location, params IEnumerable<(string Key, ConfigNode Value)> entries) =>
        new([.. entries.Select(e => new ConfigEntry(e.Key, location, e.Value))], location);

    /// <summary>A string scalar.</summary>
    public static ConfigScalar Text(string value, SourceLocation location) => new(value, IsPlain: false, location);

    /// <summary>A list.</summary>
    public static ConfigSequence List(ImmutableArray<ConfigNode> items, SourceLocation location) => new(items, location);
}
