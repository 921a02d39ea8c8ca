using Mesh.Sdk.Xds;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// A value read from the router's current xDS resources and kept until they change: one volatile read and a
/// reference comparison per use while they stay the same.
/// </summary>
/// <typeparam name="T">What is read from the resources.</typeparam>
internal sealed class ResourcesView<T>
{
    private readonly MeshRouter _router;
    private readonly Func<XdsResources, T> _read;
    private volatile Snapshot? _snapshot;

    public ResourcesView(MeshRouter router, Func<XdsResources, T> read)
    {
        _router = router;
        _read = read;
    }

    /// <summary>The value for the resources in force now.</summary>
    public T Current
    {
        get
        {
            var resources = _router.Resources;
            var snapshot = _snapshot;
            if (snapshot is not null && ReferenceEquals(snapshot.Resources, resources))
            {
                return snapshot.Value;
            }

            var value = _read(resources);
            _snapshot = new Snapshot(resources, value);
            return value;
        }
    }

    private sealed record Snapshot(XdsResources Resources, T Value);
}
