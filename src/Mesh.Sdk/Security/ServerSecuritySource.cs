using Mesh.Sdk.Hosting;
using Microsoft.Extensions.Options;

namespace Mesh.Sdk.Security;

/// <summary>
/// This service's own <see cref="ServerSecurity"/>, read from its listener (<c>name.namespace</c>) in the router's
/// current resources and cached until they change. Null until the service's config arrives, and always
/// without a control plane.
/// </summary>
internal sealed class ServerSecuritySource
{
    private readonly MeshRouter _router;
    private readonly ResourcesView<ServerSecurity?> _security;

    public ServerSecuritySource(MeshRouter router, IOptions<MeshClientOptions> options)
    {
        _router = router;
        var settings = options.Value;
        ListenerName = settings.ServiceName is { Length: > 0 } name && router.HasControlPlane
            ? $"{name}.{settings.Namespace}".ToLowerInvariant()
            : null;
        _security = new ResourcesView<ServerSecurity?>(router, resources =>
            ListenerName is { } listener && resources.Listeners.TryGetValue(listener, out var own) ? ServerSecurity.From(own) : null);
    }

    /// <summary>This service's listener, or null when the mesh gives it no identity.</summary>
    public string? ListenerName { get; }

    public MeshRouter Router => _router;

    /// <summary>
    /// Completes once this service's own config is in, is known not to exist, or the first-config wait ran out;
    /// until <see cref="Follow"/> and without a control plane, complete.
    /// </summary>
    public Task FirstConfig { get; private set; } = Task.CompletedTask;

    /// <summary>Asks the control plane for this service's own config without waiting; <see cref="FirstConfig"/> tells when it is in.</summary>
    public void Follow()
    {
        if (ListenerName is { } listener)
        {
            FirstConfig = _router.FollowAndWaitAsync(listener);
        }
    }

    /// <summary>The security in force now; one volatile read unless the resources changed.</summary>
    public ServerSecurity? Current => _security.Current;
}
