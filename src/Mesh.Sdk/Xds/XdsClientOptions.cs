namespace Mesh.Sdk.Xds;

/// <summary>Where the xDS client connects, how it names itself, and how it retries and caches.</summary>
internal sealed class XdsClientOptions
{
    /// <summary>
    /// The control plane's xDS addresses, such as <c>http://mesh-cp.mesh-system:15010</c>: replicas serving the
    /// same config. The client follows one and moves to the next when its stream fails. At least one is required.
    /// </summary>
    public IReadOnlyList<Uri> ControlPlanes { get; set; } = [];

    /// <summary>One control-plane address; setting it replaces <see cref="ControlPlanes"/>.</summary>
    public Uri? ControlPlane
    {
        get => ControlPlanes.Count > 0 ? ControlPlanes[0] : null;
        set => ControlPlanes = value is null ? [] : [value];
    }

    /// <summary>Resolves a control-plane host name to its addresses, each tried in turn. Default: DNS.</summary>
    public Func<string, CancellationToken, Task<System.Net.IPAddress[]>> Resolve { get; set; } = System.Net.Dns.GetHostAddressesAsync;

    /// <summary>How long one address may take to accept a connection before the next is tried. Default: 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

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
        if (ControlPlanes.Count == 0)
        {
            throw new ArgumentException("XdsClientOptions.ControlPlanes needs at least one address.");
        }

        foreach (var controlPlane in ControlPlanes)
        {
            if (controlPlane is null || !controlPlane.IsAbsoluteUri || (controlPlane.Scheme != Uri.UriSchemeHttp && controlPlane.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"XdsClientOptions.ControlPlane '{controlPlane}' must be an absolute http:// or https:// URI.");
            }
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
