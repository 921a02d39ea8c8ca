using System.Collections.Immutable;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Where the Kubernetes API is and how to authenticate: in a pod, from the service-account mount and
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>PORT</c>; in tests or outside a cluster, from <c>--kube-api</c>.
/// </summary>
internal sealed record KubernetesSourceSettings(Uri ApiServer, string? TokenFile, string? CaFile, ImmutableArray<string> Namespaces)
{
    /// <summary>Where Kubernetes mounts a pod's service-account token and the cluster CA.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when every namespace is watched.</summary>
    public bool AllNamespaces => Namespaces.IsDefaultOrEmpty;

    /// <summary>Settings for <paramref name="apiServer"/> when given, else for the cluster this pod runs in.</summary>
    /// <exception cref="InvalidOperationException">Neither is available; the command line checks this first.</exception>
    public static KubernetesSourceSettings Resolve(Uri? apiServer, string? tokenFile, ImmutableArray<string> namespaces, Func<string, string?> environment)
    {
        var mountedToken = Path.Combine(ServiceAccountDirectory, "token");
        var mountedCa = Path.Combine(ServiceAccountDirectory, "ca.crt");
        if (apiServer is not null)
        {
            return new KubernetesSourceSettings(apiServer, tokenFile, null, namespaces);
        }

        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("--source kubernetes needs --kube-api outside a pod.");
        }

        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubernetesSourceSettings(
            new Uri($"https://{hostPart}:{port}"),
            tokenFile ?? mountedToken,
            File.Exists(mountedCa) ? mountedCa : null,
            namespaces);
    }
}
