using System.Text.Json;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>One line of a Kubernetes watch stream: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c> or <c>ERROR</c>.</summary>
internal sealed record WatchEvent(string Type, JsonElement Object)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";

    /// <summary>For an <c>ERROR</c> event, the HTTP-like code of its Status object (410 when the resourceVersion is too old).</summary>
    public int StatusCode =>
        Object.ValueKind == JsonValueKind.Object && Object.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) ? value : 0;

    /// <summary>For an <c>ERROR</c> event, the message of its Status object.</summary>
    public string StatusMessage => KubernetesObject.Text(Object, "message") ?? "(no message)";

    /// <summary>Parses one line; null when it is not a watch event.</summary>
    public static WatchEvent? Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (KubernetesObject.Text(root, "type") is not { } type || !root.TryGetProperty("object", out var body))
        {
            return null;
        }

        return new WatchEvent(type, body.Clone());
    }
}
