using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources;

/// <summary>How config snapshots are written as JSON (admin API, content versions).</summary>
internal static class ConfigJson
{
    public static JsonSerializerOptions Create(bool includeLocations, bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new SourceLocationConverter(includeLocations));
        return options;
    }

    private sealed class SourceLocationConverter(bool includeLocations) : JsonConverter<SourceLocation>
    {
        public override SourceLocation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Source locations are written, never read.");

        public override void Write(Utf8JsonWriter writer, SourceLocation value, JsonSerializerOptions options)
        {
            if (includeLocations)
            {
                writer.WriteStringValue(value.ToString());
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
