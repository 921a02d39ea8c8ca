namespace Mesh.ControlPlane.Identity;

/// <summary><c>mesh-cp --auth</c>: whether callers of the xDS, certificate and admin APIs must authenticate.</summary>
internal enum AuthMode
{
    /// <summary>Every call carries a workload token, a Kubernetes service-account token or (admin API) the admin token.</summary>
    Required,

    /// <summary>Nobody authenticates and the CA signs any identity: for local development and clients that cannot send tokens.</summary>
    Off,
}
