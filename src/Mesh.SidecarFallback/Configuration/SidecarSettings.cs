using System.Text.RegularExpressions;

namespace Mesh.SidecarFallback.Configuration;

/// <summary>What one sidecar runs as, from its command line and environment, validated before anything listens.</summary>
/// <param name="ServiceName">The service beside which the sidecar runs (<c>Mesh:ServiceName</c>).</param>
/// <param name="Namespace">That service's namespace.</param>
/// <param name="AppPort">The loopback port the application listens on; inbound calls go there.</param>
/// <param name="ControlPlane">The control plane's xDS address, or null for static configuration.</param>
/// <param name="OutboundPort">The loopback port the application calls other services through.</param>
/// <param name="InboundPort">The port other services call this one on.</param>
/// <param name="AdminPort">The port <c>/healthz</c> and <c>/ready</c> answer on.</param>
/// <param name="TokenFile">A file holding the token presented to the control plane, or null.</param>
internal sealed partial record SidecarSettings(
    string ServiceName,
    string Namespace,
    int AppPort,
    Uri? ControlPlane,
    int OutboundPort,
    int InboundPort,
    int AdminPort,
    string? TokenFile)
{
    /// <summary>Default outbound port, the one Istio's sidecar captures outbound traffic on.</summary>
    public const int DefaultOutboundPort = 15001;

    /// <summary>Default inbound port, the one Istio's sidecar captures inbound traffic on.</summary>
    public const int DefaultInboundPort = 15006;

    /// <summary>Default admin (health) port, Istio's health port.</summary>
    public const int DefaultAdminPort = 15021;

    /// <summary>A port option that was not given.</summary>
    public const int Unset = -1;

    /// <summary>The listener of this service's own config (<c>name.namespace</c>), as the control plane names it.</summary>
    public string OwnListener => $"{ServiceName}.{Namespace}";

    /// <summary>The configuration keys Mesh.Sdk reads, set from these settings.</summary>
    public IEnumerable<KeyValuePair<string, string?>> MeshConfiguration()
    {
        yield return new("Mesh:ServiceName", ServiceName);
        yield return new("Mesh:Namespace", Namespace);
        if (ControlPlane is not null)
        {
            yield return new("Mesh:ControlPlane", ControlPlane.ToString());
        }

        if (TokenFile is not null)
        {
            yield return new("Mesh:TokenFile", TokenFile);
        }
    }

    /// <summary>Every problem with these settings, each naming the option and its environment variable; empty when they are good.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (string.IsNullOrEmpty(ServiceName))
        {
            errors.Add($"--service-name is required: name the service this sidecar runs beside, or set {SidecarEnvironment.ServiceName}.");
        }
        else if (!DnsLabel().IsMatch(ServiceName))
        {
            errors.Add($"--service-name: '{ServiceName}' must be a lower-case DNS label such as 'recommendations'.");
        }

        if (AppPort is Unset or 0)
        {
            errors.Add($"--app-port is required: give the loopback port the application listens on (for example --app-port 8080), or set {SidecarEnvironment.AppPort}.");
        }

        if (AppPort > 0 && (AppPort == OutboundPort || AppPort == InboundPort || AppPort == AdminPort))
        {
            errors.Add($"--app-port {AppPort} is also one of the sidecar's own ports; the application needs a port of its own.");
        }

        if (OutboundPort > 0 && (OutboundPort == InboundPort || OutboundPort == AdminPort) || (InboundPort > 0 && InboundPort == AdminPort))
        {
            errors.Add($"--outbound-port {OutboundPort}, --inbound-port {InboundPort} and --admin-port {AdminPort} must differ.");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
