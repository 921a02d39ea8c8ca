using System.ComponentModel.DataAnnotations;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// How this service joins the mesh, bound from the <c>Mesh</c> configuration section (environment variables
/// <c>Mesh__ControlPlane</c>, <c>Mesh__ServiceName</c>, …). Validated when the application starts.
/// </summary>
public sealed class MeshClientOptions : IValidatableObject
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Mesh";

    /// <summary>The longest <see cref="ConfigWaitTimeout"/> allowed.</summary>
    public static readonly TimeSpan MaxConfigWaitTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The default of <see cref="Namespace"/>.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>
    /// The control plane's xDS address, such as <c>http://mesh-cp.mesh-system:15010</c>, or several replicas'
    /// separated by commas (<c>http://cp-0:15010,http://cp-1:15010</c>); a name that resolves to several
    /// addresses counts as several replicas too. The client follows one and fails over to the next. Default:
    /// none, in which case routes come from static configuration (<c>Services:catalog:http:0</c> and <c>Mesh:Services</c>).
    /// </summary>
    public string? ControlPlane { get; set; }

    /// <summary>The name of this service in the mesh. Required when <see cref="ControlPlane"/> is set.</summary>
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", ErrorMessage = "Mesh:ServiceName must be a lower-case DNS label such as 'catalog'.")]
    public string? ServiceName { get; set; }

    /// <summary>The namespace of this service. Default: <c>default</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Namespace { get; set; } = DefaultNamespace;

    /// <summary>The service account this workload runs as. Default: <see cref="ServiceName"/>.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>A file holding the token presented to the control plane. Default: none.</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// Paths a server with strict mTLS still answers in plaintext, for GET and HEAD only: health probes from an
    /// orchestrator or the kubelet, which have no mesh certificate. Default: <c>/healthz</c>, <c>/health</c>, <c>/alive</c>.
    /// </summary>
    public IList<string> ProbePaths { get; } = ["/healthz", "/health", "/alive"];

    /// <summary>The xDS node id; unique per process. Default: service name, machine name, process id and a random suffix.</summary>
    public string? NodeId { get; set; }

    /// <summary>The region this process runs in, for locality-aware balancing. Default: unknown.</summary>
    public string? Region { get; set; }

    /// <summary>The zone this process runs in, for locality-aware balancing. Default: unknown.</summary>
    public string? Zone { get; set; }

    /// <summary>
    /// How long the first request to a service waits for that service's configuration before passing
    /// through untouched, and how long a request reaching <c>UseMesh()</c> before this service's own
    /// configuration waits for it. Later requests never wait. Default: 5 seconds; at most 5 minutes.
    /// </summary>
    public TimeSpan ConfigWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the last good configuration is kept so a restart routes before the control plane answers.
    /// Default: <c>mesh/&lt;service&gt;.&lt;namespace&gt;</c> under the temporary directory.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Checked here rather than with [Range(typeof(TimeSpan), ...)], whose type conversion is not trim-safe.
        if (ConfigWaitTimeout < TimeSpan.Zero || ConfigWaitTimeout > MaxConfigWaitTimeout)
        {
            yield return new ValidationResult(
                $"Mesh:ConfigWaitTimeout '{ConfigWaitTimeout}' must be between 00:00:00 and 00:05:00.",
                [nameof(ConfigWaitTimeout)]);
        }

        if (string.IsNullOrWhiteSpace(ControlPlane))
        {
            yield break;
        }

        foreach (var address in SplitControlPlane(ControlPlane))
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult(
                    $"Mesh:ControlPlane '{address}' must be an absolute http:// or https:// address such as http://mesh-cp:15010 (separate several with commas).",
                    [nameof(ControlPlane)]);
            }
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return new ValidationResult(
                "Mesh:ServiceName is required when Mesh:ControlPlane is set: the control plane knows each client by its service (set Mesh__ServiceName).",
                [nameof(ServiceName)]);
        }
    }

    /// <summary>The addresses of <see cref="ControlPlane"/>, in the order written; empty without a control plane.</summary>
    internal IReadOnlyList<Uri> ControlPlaneAddresses =>
        string.IsNullOrWhiteSpace(ControlPlane) ? [] : [.. SplitControlPlane(ControlPlane).Select(a => new Uri(a, UriKind.Absolute))];

    private static string[] SplitControlPlane(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The cache file under <see cref="CacheDirectory"/> or its default.</summary>
    internal string CacheFile => Path.Combine(
        CacheDirectory ?? Path.Combine(Path.GetTempPath(), "mesh", $"{ServiceName}.{Namespace}"),
        "xds-cache");
}
