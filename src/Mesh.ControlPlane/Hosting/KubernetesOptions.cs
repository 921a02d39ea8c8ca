using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Parsing;
using Mesh.ControlPlane.Sources.Kubernetes;

namespace Mesh.ControlPlane.Hosting;

/// <summary>The <c>mesh-cp</c> options that choose the config source and reach the Kubernetes API.</summary>
internal sealed class KubernetesOptions
{
    private readonly Option<string> _source = new("--source")
    {
        Description = "Where mesh config comes from: directory (--config-dir) or kubernetes (the mesh.dev custom resources, Services and EndpointSlices of the cluster). Default: directory.",
        DefaultValueFactory = _ => "directory",
    };

    private readonly Option<Uri?> _apiServer = new("--kube-api")
    {
        Description = "Kubernetes API server URL, for running outside a pod or in tests. Default: the cluster the pod runs in (KUBERNETES_SERVICE_HOST/PORT, service-account token and CA).",
        CustomParser = ParseApiServer,
    };

    private readonly Option<FileInfo?> _tokenFile = new("--kube-token-file")
    {
        Description = "File holding the bearer token for the Kubernetes API, read on every request. Default: the pod's service-account token (none with --kube-api).",
    };

    private readonly Option<string[]> _namespaces = new("--namespace")
    {
        Description = "Namespaces to watch, repeated or comma-separated. Default: all namespaces.",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(RootCommand command, Option<DirectoryInfo> configDirectory)
    {
        _source.AcceptOnlyFromAmong("directory", "kubernetes");
        command.Options.Add(_source);
        command.Options.Add(_apiServer);
        command.Options.Add(_tokenFile);
        command.Options.Add(_namespaces);
        command.Validators.Add(result =>
        {
            // Read tokens, not values: a value that failed to parse has its own error already.
            var kubernetes = result.GetResult(_source) is { Tokens: [{ Value: "kubernetes" }] };
            var directoryGiven = result.GetResult(configDirectory) is { Implicit: false };
            if (!kubernetes && !directoryGiven && result.GetResult(_source) is null or { Tokens: [{ Value: "directory" }] })
            {
                result.AddError("--config-dir is required: pass the mesh config directory, or --source kubernetes to read it from the cluster.");
            }

            if (kubernetes && directoryGiven)
            {
                result.AddError("--config-dir and --source kubernetes exclude each other: in Kubernetes, mesh config is the mesh.dev custom resources.");
            }

            if (kubernetes && result.GetResult(_apiServer) is null && !InCluster())
            {
                result.AddError("--source kubernetes needs the Kubernetes API: run mesh-cp in a pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are set there) or pass --kube-api URL.");
            }
        });
    }

    /// <summary>The Kubernetes source's settings, or null for the directory source.</summary>
    public KubernetesSourceSettings? Settings(ParseResult result)
    {
        if (result.GetValue(_source) != "kubernetes")
        {
            return null;
        }

        var namespaces = (result.GetValue(_namespaces) ?? [])
            .SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return KubernetesSourceSettings.Resolve(
            result.GetValue(_apiServer),
            result.GetValue(_tokenFile)?.FullName,
            namespaces,
            Environment.GetEnvironmentVariable);
    }

    private static Uri? ParseApiServer(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"--kube-api '{text}' must be an absolute http:// or https:// URL, for example https://127.0.0.1:6443.");
        return null;
    }

    private static bool InCluster() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));
}
