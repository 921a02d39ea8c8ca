using System.Security.Cryptography;
using System.Text.Json;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Sources;

/// <summary>
/// The content version of a config snapshot: a hash of its effective content, blind to where each
/// value was written, so reformatting or moving a resource between files changes nothing.
/// </summary>
internal static class ConfigVersion
{
    private static readonly JsonSerializerOptions ContentOnly = ConfigJson.Create(includeLocations: false, indented: false);

    public static string Compute(MeshConfig config)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(config, ContentOnly);
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
    }
}
