namespace Mesh.Sdk.Telemetry;

/// <summary>
/// One cluster's names as telemetry tags them, and the load sent to it since the last load report. Created
/// once per cluster name and handed from each rebuilt cluster state to the next, like its breaker counts.
/// </summary>
internal sealed class ClusterTelemetry
{
    public ClusterTelemetry(string cluster)
    {
        Cluster = cluster;
        var bar = cluster.IndexOf('|', StringComparison.Ordinal);
        var qualified = bar < 0 ? cluster : cluster[..bar];
        Subset = bar < 0 ? string.Empty : cluster[(bar + 1)..];
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        Service = dot < 0 ? qualified : qualified[..dot];
        Namespace = dot < 0 ? string.Empty : qualified[(dot + 1)..];
    }

    /// <summary>The xDS cluster name, such as <c>catalog.default|v1</c>.</summary>
    public string Cluster { get; }

    /// <summary>The service, such as <c>catalog</c>.</summary>
    public string Service { get; }

    /// <summary>The namespace, such as <c>default</c>; empty when the cluster name carries none.</summary>
    public string Namespace { get; }

    /// <summary>The subset, such as <c>v1</c>; empty for the cluster of all the service's endpoints.</summary>
    public string Subset { get; }

    /// <summary>Calls finished since the last load report.</summary>
    public ClusterLoadStats Load { get; } = new();
}
