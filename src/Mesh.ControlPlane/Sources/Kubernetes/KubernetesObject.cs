using System.Text.Json;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>One object as the API server last described it: its namespace, name, resourceVersion and body.</summary>
internal sealed record KubernetesObject(string Namespace, string Name, string ResourceVersion, JsonElement Body)
{
    /// <summary><c>namespace/name</c>.</summary>
    public string Key => $"{Namespace}/{Name}";

    /// <summary>Reads the identity of <paramref name="body"/>, or null when it has no name.</summary>
    public static KubernetesObject? From(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("metadata", out var metadata)
            || metadata.ValueKind != JsonValueKind.Object
            || Text(metadata, "name") is not { Length: > 0 } name)
        {
            return null;
        }

        return new KubernetesObject(Text(metadata, "namespace") ?? string.Empty, name, Text(metadata, "resourceVersion") ?? string.Empty, body.Clone());
    }

    /// <summary>The string property <paramref name="name"/> of <paramref name="element"/>, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
