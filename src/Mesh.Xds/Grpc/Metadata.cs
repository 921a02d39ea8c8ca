using System.Collections;

namespace Mesh.Xds.Grpc;

/// <summary>Call headers or trailers: ordered ASCII key/value pairs, keys lower-case.</summary>
public sealed class Metadata : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <inheritdoc/>
    public int Count => _entries.Count;

    /// <inheritdoc/>
    public KeyValuePair<string, string> this[int index] => _entries[index];

    /// <summary>Adds an entry; the key is stored lower-case.</summary>
    public void Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _entries.Add(new(key.ToLowerInvariant(), value));
    }

    /// <summary>The last value of <paramref name="key"/>, or null when absent.</summary>
    public string? GetValue(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
