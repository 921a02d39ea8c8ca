using System.Security.Cryptography;
using System.Text;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// Content hashes for resources and versions: SHA-256, shortened to 16 hex characters, so the same
/// content yields the same version on every replica and after every restart.
/// </summary>
internal static class VersionHasher
{
    private const int ShortHashBytes = 8;
    private static readonly byte[] FieldSeparator = [0];
    private static readonly byte[] PairSeparator = [(byte)'\n'];

    /// <summary>The hash of one resource's serialized bytes.</summary>
    public static string HashContent(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return Convert.ToHexStringLower(digest[..ShortHashBytes]);
    }

    /// <summary>The version of a response: the hash over its (name, content hash) pairs, in the order given.</summary>
    public static string HashResources(IReadOnlyList<CachedResource> resources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < resources.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(resources[i].Name));
            hash.AppendData(FieldSeparator);
            hash.AppendData(Encoding.ASCII.GetBytes(resources[i].Hash));
            hash.AppendData(PairSeparator);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..ShortHashBytes]);
    }
}
