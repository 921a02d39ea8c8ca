using System.CommandLine;
using System.CommandLine.Parsing;
using Mesh.ControlPlane.Hosting;
using Mesh.ControlPlane.Sources.Kubernetes;

namespace Mesh.ControlPlane.Identity;

/// <summary>The <c>mesh-cp</c> options for identity: data, CA and shared-secrets directories, authentication, Kubernetes TokenReview.</summary>
internal sealed class IdentityCommandOptions
{
    private readonly Option<DirectoryInfo?> _dataDirectory = new("--data-dir")
    {
        Description = "Directory for the generated CA root, the token signing key and the admin token (created, mode 0700; keys 0600). Default: a private temporary directory removed at exit.",
    };

    private readonly Option<DirectoryInfo> _caDirectory = new("--ca-dir")
    {
        Description = "An operator-supplied CA root: a directory holding tls.crt and tls.key (PEM; a kubernetes.io/tls Secret) and optionally ca.crt (roots trusted besides it).",
    };

    private readonly Option<DirectoryInfo> _secretsDirectory = new("--secrets-dir")
    {
        Description = "Credentials every replica shares, such as a mounted Kubernetes Secret: admin.token (the admin API's token) and token.key (the workload-token signing key, base64). A file that is absent is generated under --data-dir instead.",
    };

    private readonly Option<AuthMode> _auth = new("--auth")
    {
        Description = "required (default): xDS, certificate and admin callers must authenticate. off: nobody authenticates and any identity is signed; for local development and clients that cannot send tokens.",
        DefaultValueFactory = _ => AuthMode.Required,
        CustomParser = ParseAuth,
    };

    private readonly Option<TimeSpan> _workloadLifetime = new("--workload-cert-ttl")
    {
        Description = "Lifetime of workload certificates. Default: 24h.",
        DefaultValueFactory = _ => CertificateAuthorityOptions.DefaultWorkloadLifetime,
        CustomParser = result => DurationArgument.Parse(result, "--workload-cert-ttl", "24h or 1h30m", CertificateAuthorityOptions.DefaultWorkloadLifetime),
    };

    private readonly Option<string> _kubeAudience = new("--kube-token-audience")
    {
        Description = $"The audience workloads' projected service-account tokens are minted for. Default: {KubernetesTokenReviewOptions.DefaultAudience}.",
        DefaultValueFactory = _ => KubernetesTokenReviewOptions.DefaultAudience,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_dataDirectory);
        command.Options.Add(_caDirectory);
        command.Options.Add(_secretsDirectory);
        command.Options.Add(_auth);
        command.Options.Add(_workloadLifetime);
        command.Options.Add(_kubeAudience);
        _caDirectory.AcceptExistingOnly();
        _secretsDirectory.AcceptExistingOnly();
    }

    /// <summary>
    /// The identity settings. Kubernetes service-account tokens are accepted whenever mesh-cp knows a Kubernetes API
    /// server: <paramref name="kubernetes"/> with <c>--source kubernetes</c> (in a pod, or <c>--kube-api</c>), or
    /// <c>--kube-api</c> (with <c>--kube-token-file</c>) beside a config directory.
    /// </summary>
    public IdentitySettings Read(ParseResult result, KubernetesSourceSettings? kubernetes) => new()
    {
        DataDirectory = result.GetValue(_dataDirectory)?.FullName,
        CaDirectory = result.GetValue(_caDirectory)?.FullName,
        SecretsDirectory = result.GetValue(_secretsDirectory)?.FullName,
        Auth = result.GetValue(_auth),
        WorkloadCertificateLifetime = result.GetValue(_workloadLifetime),
        Kubernetes = TokenReview(result, kubernetes),
    };

    private static AuthMode ParseAuth(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        switch (text)
        {
            case "required":
                return AuthMode.Required;
            case "off":
                return AuthMode.Off;
            default:
                result.AddError($"--auth '{text}' is not a mode: write required or off.");
                return AuthMode.Required;
        }
    }

    private KubernetesTokenReviewOptions? TokenReview(ParseResult result, KubernetesSourceSettings? kubernetes)
    {
        var audience = result.GetValue(_kubeAudience) ?? KubernetesTokenReviewOptions.DefaultAudience;
        if (kubernetes is not null)
        {
            return new KubernetesTokenReviewOptions(kubernetes.ApiServer, kubernetes.TokenFile, kubernetes.CaFile, audience);
        }

        return result.GetValue<Uri?>("--kube-api") is { } apiServer
            ? new KubernetesTokenReviewOptions(apiServer, result.GetValue<FileInfo?>("--kube-token-file")?.FullName, null, audience)
            : null;
    }
}
