using System.Buffers;
using System.Text.Json;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Keeps of a Pod only what endpoints need (name, namespace, resourceVersion, labels, service account):
/// a cluster's pods are many and their specs large.
/// </summary>
internal static class PodProjection
{
    public static JsonElement Project(JsonElement pod)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("metadata");
            writer.WriteStartObject();
            if (pod.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                Copy(writer, metadata, "name");
                Copy(writer, metadata, "namespace");
                Copy(writer, metadata, "resourceVersion");
                Copy(writer, metadata, "labels");
            }

            writer.WriteEndObject();
            writer.WritePropertyName("spec");
            writer.WriteStartObject();
            if (pod.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object)
            {
                Copy(writer, spec, "serviceAccountName");
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Copy(Utf8JsonWriter writer, JsonElement source, string name)
    {
        if (source.TryGetProperty(name, out var value))
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }
}
