using System.CommandLine;
using System.Text.RegularExpressions;
using Mesh.Cli.Install;
using Mesh.ControlPlane.Sources.Kubernetes.Manifests;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh install</c>: prints the manifests that run mesh-cp in a cluster, for <c>mesh install | kubectl apply -f -</c>.</summary>
internal static partial class InstallCommand
{
    public static Command Create()
    {
        var ns = new Option<string>("--namespace")
        {
            Description = $"Namespace of the control plane. Default: {InstallOptions.DefaultNamespace}.",
            DefaultValueFactory = _ => InstallOptions.DefaultNamespace,
        };
        var replicas = new Option<int>("--replicas")
        {
            Description = $"mesh-cp replicas; each serves the same config, clients fail over between them. Default: {InstallOptions.DefaultReplicas}.",
            DefaultValueFactory = _ => InstallOptions.DefaultReplicas,
        };
        var environment = new Option<string?>("--environment")
        {
            Description = "The environment name mesh-cp reports (dev, staging, production). Default: none.",
        };
        var image = new Option<string>("--image")
        {
            Description = $"The mesh-cp container image. Default: {InstallOptions.DefaultImage}.",
            DefaultValueFactory = _ => InstallOptions.DefaultImage,
        };
        var crdsOnly = new Option<bool>("--crds-only") { Description = "Print only the CustomResourceDefinitions of the mesh kinds." };
        var command = new Command("install", "Print the Kubernetes manifests of the control plane: mesh install | kubectl apply -f -")
        {
            ns,
            replicas,
            environment,
            image,
            crdsOnly,
        };
        command.SetAction(parseResult =>
        {
            var options = new InstallOptions(
                parseResult.GetRequiredValue(ns),
                parseResult.GetValue(replicas),
                parseResult.GetRequiredValue(image),
                parseResult.GetValue(environment));
            if (Problem(options) is { } problem)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(problem);
                return 1;
            }

            var text = parseResult.GetValue(crdsOnly) ? RenderCrds() : Render(options);
            parseResult.InvocationConfiguration.Output.Write(text);
            return 0;
        });
        return command;
    }

    /// <summary>The manifests for <paramref name="options"/> as one YAML stream.</summary>
    public static string Render(InstallOptions options) =>
        ManifestYaml.Write(InstallManifests.Render(options), Header(options));

    /// <summary>The CRDs alone.</summary>
    public static string RenderCrds() =>
        ManifestYaml.Write(CrdManifests.All(), "The mesh.dev CustomResourceDefinitions, rendered by: mesh install --crds-only");

    private static string? Problem(InstallOptions options)
    {
        if (!DnsLabel().IsMatch(options.Namespace))
        {
            return $"--namespace '{options.Namespace}' is not a namespace name: use lowercase letters, digits and '-', at most 63 characters.";
        }

        if (options.Replicas is < 1 or > 50)
        {
            return $"--replicas must be between 1 and 50, got {options.Replicas}; 2 or 3 keep the control plane up through a node loss.";
        }

        if (options.Environment is { } environment && !DnsLabel().IsMatch(environment))
        {
            return $"--environment '{environment}' must be a name such as dev, staging or production.";
        }

        return string.IsNullOrWhiteSpace(options.Image) || options.Image.Any(char.IsWhiteSpace)
            ? $"--image '{options.Image}' must be an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/mesh-cp:1.0."
            : null;
    }

    private static string Header(InstallOptions options)
    {
        var environment = options.Environment is null ? string.Empty : $" --environment {options.Environment}";
        return $"The Mesh control plane, rendered by: mesh install --namespace {options.Namespace} --replicas {options.Replicas} --image {options.Image}{environment}\n"
            + $"Apply with: mesh install | kubectl apply -f -   (first: kubectl -n {options.Namespace} create secret tls {InstallOptions.CaSecret} --cert=ca.crt --key=ca.key)";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
