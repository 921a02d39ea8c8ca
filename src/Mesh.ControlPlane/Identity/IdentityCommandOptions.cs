using System.CommandLine;
using System.CommandLine.Parsing;
using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Identity;

/// <summary>The <c>mesh-cp</c> options for identity: data and CA directories, authentication, Kubernetes TokenReview.</summary>
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
        CustomParser = ParseDuration,
    };

    private readonly Option<Uri?> _kubeApiServer = new("--kube-api-server")
    {
        Description = "Accept Kubernetes service-account tokens, checked with the TokenReview API of this API server (in a pod: https://kubernetes.default.svc).",
        CustomParser = ParseApiServer,
    };

    private readonly Option<string?> _kubeTokenFile = new("--kube-token-file")
    {
        Description = $"mesh-cp's own credentials for the TokenReview API. Default: {KubernetesTokenReviewOptions.InClusterTokenFile}.",
    };

    private readonly Option<string?> _kubeCaFile = new("--kube-ca-file")
    {
        Description = $"The CA of the API server's certificate. Default: {KubernetesTokenReviewOptions.InClusterCaFile}.",
    };

    private readonly Option<string> _kubeAudience = new("--kube-token-audience")
    {
        Description = $"The audience workloads' projected tokens are minted for. Default: {KubernetesTokenReviewOptions.DefaultAudience}.",
        DefaultValueFactory = _ => KubernetesTokenReviewOptions.DefaultAudience,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_dataDirectory);
        command.Options.Add(_caDirectory);
        command.Options.Add(_auth);
        command.Options.Add(_workloadLifetime);
        command.Options.Add(_kubeApiServer);
        command.Options.Add(_kubeTokenFile);
        command.Options.Add(_kubeCaFile);
        command.Options.Add(_kubeAudience);
        _caDirectory.AcceptExistingOnly();
    }

    public IdentitySettings Read(ParseResult result) => new()
    {
        DataDirectory = result.GetValue(_dataDirectory)?.FullName,
        CaDirectory = result.GetValue(_caDirectory)?.FullName,
        Auth = result.GetValue(_auth),
        WorkloadCertificateLifetime = result.GetValue(_workloadLifetime),
        Kubernetes = result.GetValue(_kubeApiServer) is { } apiServer
            ? new KubernetesTokenReviewOptions(
                apiServer,
                result.GetValue(_kubeTokenFile) ?? KubernetesTokenReviewOptions.InClusterTokenFile,
                result.GetValue(_kubeCaFile) ?? KubernetesTokenReviewOptions.InClusterCaFile,
                result.GetValue(_kubeAudience) ?? KubernetesTokenReviewOptions.DefaultAudience)
            : null,
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

    private static Uri? ParseApiServer(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            // A trailing slash keeps a path prefix when the API path is appended.
            return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }

        result.AddError($"--kube-api-server '{text}' is not an http(s) address such as https://kubernetes.default.svc.");
        return null;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (DurationParser.TryParse(text, out var duration) && duration >= TimeSpan.FromSeconds(1))
        {
            return duration;
        }

        result.AddError($"--workload-cert-ttl '{text}' is not a duration of at least 1s: write for example 24h or 1h30m.");
        return CertificateAuthorityOptions.DefaultWorkloadLifetime;
    }
}
