using Mesh.Sdk.Hosting;
using Mesh.Sdk.Security;

namespace Mesh.SidecarFallback.Health;

/// <summary>
/// Whether the sidecar should get traffic: its own service's config has arrived (at once without a control
/// plane), it holds its workload certificate when the mesh's mTLS mode asks for one, and it is not stopping.
/// Checked on each probe, from the router's current table and the workload identity.
/// </summary>
internal sealed class Readiness
{
    private readonly MeshRouter _router;
    private readonly ServerSecuritySource? _security;
    private readonly WorkloadIdentity? _identity;
    private readonly string _listener;
    private readonly bool _static;
    private volatile bool _stopping;
    private int _announced;

    public Readiness(MeshRouter router, ServerSecuritySource? security, WorkloadIdentity? identity, string listener, bool hasControlPlane)
    {
        _router = router;
        _security = security;
        _identity = identity;
        _listener = listener;
        _static = !hasControlPlane;
    }

    /// <summary>Null when ready, else why not, in words an operator can act on.</summary>
    public string? Check()
    {
        if (_stopping)
        {
            return "stopping: draining in-flight requests";
        }

        if (!_static && !_router.Table.TryGetService(_listener, out _))
        {
            return $"waiting for the config of '{_listener}' from the control plane (is there a MeshService named so?)";
        }

        if (_security?.Current?.Mode is MtlsMode.Permissive or MtlsMode.Strict && _identity?.Current is null)
        {
            return "waiting for this workload's certificate from the control plane's CA (is --token-file set?)";
        }

        return null;
    }

    /// <summary>True the first time the sidecar is seen ready, for one log line.</summary>
    public bool FirstReady() => Check() is null && Interlocked.Exchange(ref _announced, 1) == 0;

    /// <summary>From now on the sidecar reports not ready, so callers stop choosing it while it drains.</summary>
    public void Stop() => _stopping = true;
}
