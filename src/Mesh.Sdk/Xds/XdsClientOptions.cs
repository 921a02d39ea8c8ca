namespace Mesh.Sdk.Xds;

/// <summary>Where the xDS client connects, how it names itself, and how it retries and caches.</summary>
internal sealed class XdsClientOptions
{
    /// <summary>The control plane's xDS address, such as <c>http://mesh-cp.mesh-system:15010</c>. Required.</summary>
    public Uri? ControlPlane { get; set; }

    /// <summary>This process's <c>node.id</c>, unique per instance (a pod name, say). Required.</summary>
    public string NodeId { get; set; } = string.Empty;

    /// <summary>The service this process is, sent as <c>node.cluster</c>. Required.</summary>
    public string ServiceName { get; set; } = string.Empty;

    /// <summary>The namespace of the service. Default: <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The region this process runs in, for locality-aware balancing. Default: none.</summary>
    public string? Region { get; set; }

    /// <summary>The zone this process runs in, for locality-aware balancing. Default: none.</summary>
    public string? Zone { get; set; }

    /// <summary>Where the last good resources are kept across restarts; null (default) keeps none.</summary>
    public string? CacheFile { get; set; }

    /// <summary>A file holding the bearer token sent on each ADS stream, re-read on every connect (Kubernetes rotates projected tokens). Default: none.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The ceiling of the first reconnect delay. Default: 0.5 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The largest reconnect delay. Default: 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws naming the first field that is missing or out of range.</summary>
    public void Validate()
    {
        if (ControlPlane is null || !ControlPlane.IsAbsoluteUri || (ControlPlane.Scheme != Uri.UriSchemeHttp && ControlPlane.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"XdsClientOptions.ControlPlane '{ControlPlane}' must be an absolute http:// or https:// URI.");
        }

        if (string.IsNullOrWhiteSpace(NodeId))
        {
            throw new ArgumentException("XdsClientOptions.NodeId is required: the control plane tells clients apart by it.");
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new ArgumentException("XdsClientOptions.ServiceName is required: it is sent as node.cluster.");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"XdsClientOptions.InitialBackoff ({InitialBackoff}) must be positive and at most MaxBackoff ({MaxBackoff}).");
        }
    }
}
