using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.ControlPlane.Configuration;

namespace Mesh.Cli.Differences;

/// <summary>
/// The canonical JSON form of loaded config for comparing environments: field names as written in
/// YAML, durations as written (<c>2s</c>), and no source locations, which differ without meaning anything.
/// </summary>
internal static class PolicyJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new NoLocationConverter());
        options.Converters.Add(new DurationConverter());
        return options;
    }

    private sealed class NoLocationConverter : JsonConverter<SourceLocation>
    {
        public override SourceLocation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Policy JSON is written, never read.");

        public override void Write(Utf8JsonWriter writer, SourceLocation value, JsonSerializerOptions options) => writer.WriteNullValue();
    }

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Policy JSON is written, never read.");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
        {
            var text = new StringBuilder();
            Append(text, (long)value.TotalHours, "h");
            Append(text, value.Minutes, "m");
            Append(text, value.Seconds, "s");
            Append(text, value.Milliseconds, "ms");
            writer.WriteStringValue(text.Length == 0 ? "0s" : text.ToString());
        }

        private static void Append(StringBuilder text, long amount, string unit)
        {
            if (amount > 0)
            {
                text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
    }
}
