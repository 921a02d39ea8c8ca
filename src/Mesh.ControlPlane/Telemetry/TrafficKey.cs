namespace Mesh.ControlPlane.Telemetry;

/// <summary>One series of golden metrics: calls from <paramref name="Caller"/> to one subset of one service.</summary>
/// <param name="Service">The called service, such as <c>catalog</c>.</param>
/// <param name="Namespace">Its namespace; empty when the cluster name carries none.</param>
/// <param name="Subset">The subset, such as <c>v2</c>; empty for the cluster of all the service's endpoints.</param>
/// <param name="Caller">The reporting client's service (its <c>node.cluster</c>).</param>
internal readonly record struct TrafficKey(string Service, string Namespace, string Subset, string Caller)
{
    /// <summary>Reads the service, namespace and subset from a cluster name as mesh-cp writes them: <c>catalog.default|v2</c>.</summary>
    public static TrafficKey From(string cluster, string caller)
    {
        var bar = cluster.IndexOf('|', StringComparison.Ordinal);
        var qualified = bar < 0 ? cluster : cluster[..bar];
        var subset = bar < 0 ? string.Empty : cluster[(bar + 1)..];
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? new TrafficKey(qualified, string.Empty, subset, caller)
            : new TrafficKey(qualified[..dot], qualified[(dot + 1)..], subset, caller);
    }
}
