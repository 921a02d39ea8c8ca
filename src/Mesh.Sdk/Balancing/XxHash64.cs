using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Mesh.Sdk.Balancing;

/// <summary>
/// xxHash64 (XXH64), the hash Envoy and gRPC use for ring_hash: the same input and seed give the same
/// value on every platform, so a ring built here agrees with theirs. Written out here because
/// System.IO.Hashing is not among the packages we may use.
/// </summary>
internal static class XxHash64
{
    private const ulong Prime1 = 11400714785074694791UL;
    private const ulong Prime2 = 14029467366897019727UL;
    private const ulong Prime3 = 1609587929392839161UL;
    private const ulong Prime4 = 9650029242287828579UL;
    private const ulong Prime5 = 2870177450012600261UL;

    private const int StackLimit = 256;

    /// <summary>The hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static ulong HashUtf8(ReadOnlySpan<char> text, ulong seed = 0)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return Hash(buffer[..written], seed);
        }

        var bytes = new byte[length];
        var count = Encoding.UTF8.GetBytes(text, bytes);
        return Hash(bytes.AsSpan(0, count), seed);
    }

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var remaining = data;
        ulong hash;
        if (data.Length >= 32)
        {
            var v1 = seed + Prime1 + Prime2;
            var v2 = seed + Prime2;
            var v3 = seed;
            var v4 = seed - Prime1;
            while (remaining.Length >= 32)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(remaining));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(remaining[8..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(remaining[16..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(remaining[24..]));
                remaining = remaining[32..];
            }

            hash = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) +
                BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            hash = MergeRound(hash, v1);
            hash = MergeRound(hash, v2);
            hash = MergeRound(hash, v3);
            hash = MergeRound(hash, v4);
        }
        else
        {
            hash = seed + Prime5;
        }

        hash += (ulong)data.Length;

        while (remaining.Length >= 8)
        {
            hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(remaining));
            hash = (BitOperations.RotateLeft(hash, 27) * Prime1) + Prime4;
            remaining = remaining[8..];
        }

        if (remaining.Length >= 4)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(remaining) * Prime1;
            hash = (BitOperations.RotateLeft(hash, 23) * Prime2) + Prime3;
            remaining = remaining[4..];
        }

        foreach (var value in remaining)
        {
            hash ^= value * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }

    private static ulong Round(ulong accumulator, ulong lane)
    {
        accumulator += lane * Prime2;
        accumulator = BitOperations.RotateLeft(accumulator, 31);
        return accumulator * Prime1;
    }

    private static ulong MergeRound(ulong hash, ulong accumulator)
    {
        hash ^= Round(0, accumulator);
        return (hash * Prime1) + Prime4;
    }
}
