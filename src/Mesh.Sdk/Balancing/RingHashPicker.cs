using System.Globalization;

namespace Mesh.Sdk.Balancing;

/// <summary>
/// <c>ring_hash</c> (consistent hashing), built as Envoy builds it: each endpoint owns entries in
/// proportion to its weight, entry i of an endpoint is xxHash64 of <c>address_i</c>, and a request goes
/// to the first entry at or after the hash of its hash_policy header. A key keeps its endpoint while the
/// set is unchanged, and adding an endpoint moves only the keys that land on the new one's entries.
/// </summary>
internal sealed class RingHashPicker : IEndpointPicker
{
    /// <summary>Envoy's and gRPC's default <c>minimum_ring_size</c>.</summary>
    public const ulong DefaultMinimumRingSize = 1024;

    /// <summary>Envoy's and gRPC's default <c>maximum_ring_size</c>.</summary>
    public const ulong DefaultMaximumRingSize = 8_388_608;

    private readonly ulong[] _hashes;
    private readonly EndpointState[] _owners;
    private readonly Random _random;

    public RingHashPicker(WeightedEndpointSet endpoints, ulong minimumRingSize, ulong maximumRingSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(minimumRingSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumRingSize, minimumRingSize);
        (_hashes, _owners) = BuildRing(endpoints, minimumRingSize, maximumRingSize);
        _random = random;
    }

    /// <summary>How many entries the ring holds.</summary>
    public int Size => _hashes.Length;

    public EndpointState? Pick(in PickContext context)
    {
        if (_hashes.Length == 0)
        {
            return null;
        }

        // A request without the hash header goes anywhere, as in Envoy when no hash policy yields a key.
        var hash = context.RequestHash ?? (ulong)_random.NextInt64(long.MinValue, long.MaxValue);
        var index = FirstAtOrAfter(hash);

        // Walking on to the next distinct owner is where Envoy sends a retry, and a call whose owner is ejected.
        for (var step = 0; step < _owners.Length; step++)
        {
            var owner = _owners[(index + step) % _owners.Length];
            if (!context.Skips(owner))
            {
                return owner;
            }
        }

        for (var step = 0; step < _owners.Length; step++)
        {
            var owner = _owners[(index + step) % _owners.Length];
            if (!ReferenceEquals(owner, context.Avoid))
            {
                return owner;
            }
        }

        return _owners[index];
    }

    private int FirstAtOrAfter(ulong hash)
    {
        int low = 0, high = _hashes.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_hashes[middle] < hash)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low == _hashes.Length ? 0 : low;
    }

    private static (ulong[] Hashes, EndpointState[] Owners) BuildRing(WeightedEndpointSet endpoints, ulong minimumRingSize, ulong maximumRingSize)
    {
        if (endpoints.Count == 0)
        {
            return ([], []);
        }

        var total = 0d;
        foreach (var weight in endpoints.Weights)
        {
            total += weight;
        }

        var minimumShare = double.MaxValue;
        foreach (var weight in endpoints.Weights)
        {
            minimumShare = Math.Min(minimumShare, weight / total);
        }

        // Large enough that the lightest endpoint gets a whole number of entries, within the size bounds.
        var scale = Math.Min(Math.Ceiling(minimumShare * minimumRingSize) / minimumShare, maximumRingSize);
        var capacity = (int)Math.Ceiling(scale);
        var entries = new List<(ulong Hash, EndpointState Owner)>(capacity);

        var placed = 0d;
        var target = 0d;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints.Endpoints[i];
            target += scale * endpoints.Weights[i] / total;
            for (var replica = 0; placed < target; replica++, placed++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"{endpoint.Authority}_{replica}");
                entries.Add((XxHash64.HashUtf8(key), endpoint));
            }
        }

        // Ties broken by authority so the ring does not depend on the order endpoints arrived in.
        entries.Sort(static (left, right) =>
        {
            var byHash = left.Hash.CompareTo(right.Hash);
            return byHash != 0 ? byHash : string.CompareOrdinal(left.Owner.Authority, right.Owner.Authority);
        });

        var hashes = new ulong[entries.Count];
        var owners = new EndpointState[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            (hashes[i], owners[i]) = entries[i];
        }

        return (hashes, owners);
    }
}
