using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Cli.Output;

/// <summary>Where a command writes: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
