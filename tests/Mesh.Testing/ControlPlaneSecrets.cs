using System.Security.Cryptography;

namespace Mesh.Testing;

/// <summary>What <c>mesh-cp --secrets-dir</c> reads, as a mounted Kubernetes Secret holds it: replicas given the same directory answer alike.</summary>
public static class ControlPlaneSecrets
{
    /// <summary>Writes a fresh <c>admin.token</c> and <c>token.key</c> into <paramref name="directory"/>; returns the admin token.</summary>
    public static string Write(string directory)
    {
        var adminToken = "mesh-admin." + Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(directory, "admin.token"), adminToken + "\n");
        File.WriteAllText(Path.Combine(directory, "token.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        return adminToken;
    }
}
