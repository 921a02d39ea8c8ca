using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// The objects of one resource type as last listed and watched, keyed by <c>namespace/name</c>, so an
/// event seen twice (a replayed watch) or a relist after a dropped watch never duplicates or loses one.
/// </summary>
internal sealed class KubernetesObjectSet(Func<JsonElement, JsonElement>? project = null)
{
    private readonly ConcurrentDictionary<string, KubernetesObject> _objects = new(StringComparer.Ordinal);

    /// <summary>Replaces every object of <paramref name="ns"/> (all namespaces when null) with a fresh list.</summary>
    public void Replace(string? ns, IEnumerable<JsonElement> items)
    {
        var fresh = new Dictionary<string, KubernetesObject>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (Read(item) is { } read)
            {
                fresh[read.Key] = read;
            }
        }

        foreach (var (key, existing) in _objects)
        {
            if ((ns is null || existing.Namespace == ns) && !fresh.ContainsKey(key))
            {
                _objects.TryRemove(key, out _);
            }
        }

        foreach (var (key, read) in fresh)
        {
            _objects[key] = read;
        }
    }

    /// <summary>Adds or replaces an object; returns its resourceVersion, or null when it has no name.</summary>
    public string? Upsert(JsonElement body)
    {
        if (Read(body) is not { } read)
        {
            return null;
        }

        _objects[read.Key] = read;
        return read.ResourceVersion;
    }

    /// <summary>Removes an object; returns its resourceVersion, or null when it has no name.</summary>
    public string? Remove(JsonElement body)
    {
        if (KubernetesObject.From(body) is not { } read)
        {
            return null;
        }

        _objects.TryRemove(read.Key, out _);
        return read.ResourceVersion;
    }

    /// <summary>Every object, sorted by key: the order is the same whatever order the events came in.</summary>
    public ImmutableArray<KubernetesObject> Snapshot() =>
        [.. _objects.Values.OrderBy(o => o.Key, StringComparer.Ordinal)];

    private KubernetesObject? Read(JsonElement body) => KubernetesObject.From(project is null ? body : project(body));
}
