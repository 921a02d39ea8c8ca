using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Cli.Injection;

/// <summary>
/// Adds the mesh sidecar to every Deployment in a (multi-document) manifest, as <c>linkerd inject</c> does:
/// the <c>mesh-sidecar</c> container with its env, ports and probes, and <c>HTTP_PROXY</c> on the
/// application's containers. Other documents pass through byte for byte; a Deployment that has the sidecar
/// already is left as it is, so injecting twice gives the same output.
/// </summary>
internal static partial class DeploymentInjector
{
    /// <summary>The manifest with the sidecar injected, and the names of the Deployments that changed.</summary>
    public static (string Manifest, IReadOnlyList<string> Injected) Inject(string manifest, SidecarTemplate template, string source)
    {
        var output = new StringBuilder();
        List<string> injected = [];
        foreach (var (separator, body) in SplitDocuments(manifest))
        {
            output.Append(separator);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(body));
            }
            catch (YamlException exception)
            {
                throw new InjectionException($"{source}:{exception.Start.Line}:{exception.Start.Column}: not valid YAML: {exception.Message}");
            }

            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root ||
                Scalar(root, "kind") != "Deployment" || InjectOne(root, template, source) is not { } name)
            {
                output.Append(body);
                continue;
            }

            injected.Add(name);
            output.Append(Serialize(stream));
        }

        return (output.ToString(), injected);
    }

    // Documents split at "---" lines; the separator line goes with the document after it.
    private static IEnumerable<(string Separator, string Body)> SplitDocuments(string manifest)
    {
        var matches = DocumentSeparator().Matches(manifest);
        var start = 0;
        var separator = string.Empty;
        foreach (Match match in matches)
        {
            yield return (separator, manifest[start..match.Index]);
            separator = match.Value;
            start = match.Index + match.Length;
        }

        yield return (separator, manifest[start..]);
    }

    private static string? InjectOne(YamlMappingNode deployment, SidecarTemplate template, string source)
    {
        var name = Scalar(Child(deployment, "metadata"), "name") ?? "(unnamed)";
        var where = $"{source}: Deployment {name}";
        var podTemplate = Child(Child(deployment, "spec"), "template")
            ?? throw new InjectionException($"{where}: spec.template is missing; a Deployment needs a pod template to inject into.");
        var podSpec = Child(podTemplate, "spec")
            ?? throw new InjectionException($"{where}: spec.template.spec is missing.");
        if (!podSpec.Children.TryGetValue(new YamlScalarNode("containers"), out var containersNode) || containersNode is not YamlSequenceNode containers || containers.Children.Count == 0)
        {
            throw new InjectionException($"{where}: spec.template.spec.containers is empty; add the application container first.");
        }

        foreach (var container in containers.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(container, "name") == SidecarTemplate.ContainerName)
            {
                return null;
            }
        }

        var labels = Child(Child(podTemplate, "metadata"), "labels");
        var service = template.ServiceName ?? Scalar(labels, "app.kubernetes.io/name") ?? Scalar(labels, "app") ?? name;
        var appPort = template.AppPort ?? FirstContainerPort(containers)
            ?? throw new InjectionException($"{where}: no container declares a containerPort, so the application's port is unknown; pass --app-port PORT.");

        foreach (var container in containers.Children.OfType<YamlMappingNode>())
        {
            AddProxyEnvironment(container);
        }

        containers.Add(SidecarContainer(template, service, appPort));
        var metadata = Child(podTemplate, "metadata");
        if (metadata is null)
        {
            metadata = [];
            podTemplate.Children.Insert(0, new YamlScalarNode("metadata"), metadata);
        }

        var annotations = Child(metadata, "annotations");
        if (annotations is null)
        {
            annotations = [];
            metadata.Add("annotations", annotations);
        }

        annotations.Children[new YamlScalarNode(SidecarTemplate.InjectedAnnotation)] = Quoted("injected");
        return name;
    }

    private static int? FirstContainerPort(YamlSequenceNode containers)
    {
        foreach (var container in containers.Children.OfType<YamlMappingNode>())
        {
            if (container.Children.TryGetValue(new YamlScalarNode("ports"), out var ports) && ports is YamlSequenceNode list)
            {
                foreach (var port in list.Children.OfType<YamlMappingNode>())
                {
                    if (int.TryParse(Scalar(port, "containerPort"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                    {
                        return number;
                    }
                }
            }
        }

        return null;
    }

    // Apps that honour HTTP_PROXY reach other services through the sidecar without code changes.
    private static void AddProxyEnvironment(YamlMappingNode container)
    {
        if (!container.Children.TryGetValue(new YamlScalarNode("env"), out var envNode) || envNode is not YamlSequenceNode env)
        {
            env = [];
            container.Add("env", env);
        }

        var outbound = $"http://127.0.0.1:{SidecarTemplate.OutboundPort}";
        foreach (var (variable, value) in new[] { ("HTTP_PROXY", outbound), ("http_proxy", outbound), ("NO_PROXY", "localhost,127.0.0.1"), ("MESH_OUTBOUND", outbound) })
        {
            if (!env.Children.OfType<YamlMappingNode>().Any(entry => Scalar(entry, "name") == variable))
            {
                env.Add(new YamlMappingNode { { "name", variable }, { "value", Quoted(value) } });
            }
        }
    }

    private static YamlMappingNode SidecarContainer(SidecarTemplate template, string service, int appPort)
    {
        static YamlMappingNode Env(string name, string value) => new() { { "name", name }, { "value", Quoted(value) } };
        static YamlMappingNode Port(string name, int port) => new() { { "name", name }, { "containerPort", port.ToString(CultureInfo.InvariantCulture) } };
        static YamlMappingNode Probe(string path) => new()
        {
            { "httpGet", new YamlMappingNode { { "path", path }, { "port", SidecarTemplate.AdminPort.ToString(CultureInfo.InvariantCulture) } } },
            { "periodSeconds", "5" },
        };

        return new YamlMappingNode
        {
            { "name", SidecarTemplate.ContainerName },
            { "image", template.Image },
            {
                "env", new YamlSequenceNode(
                    Env("MESH_SERVICE_NAME", service),
                    Env("MESH_APP_PORT", appPort.ToString(CultureInfo.InvariantCulture)),
                    Env("MESH_CONTROL_PLANE", template.ControlPlane),
                    new YamlMappingNode
                    {
                        { "name", "MESH_NAMESPACE" },
                        { "valueFrom", new YamlMappingNode { { "fieldRef", new YamlMappingNode { { "fieldPath", "metadata.namespace" } } } } },
                    })
            },
            {
                "ports", new YamlSequenceNode(
                    Port("mesh-inbound", SidecarTemplate.InboundPort),
                    Port("mesh-admin", SidecarTemplate.AdminPort))
            },
            { "readinessProbe", Probe("/ready") },
            { "livenessProbe", Probe("/healthz") },
            {
                "resources", new YamlMappingNode
                {
                    { "requests", new YamlMappingNode { { "cpu", "10m" }, { "memory", "32Mi" } } },
                    { "limits", new YamlMappingNode { { "memory", "128Mi" } } },
                }
            },
            {
                "securityContext", new YamlMappingNode
                {
                    { "runAsNonRoot", "true" },
                    { "readOnlyRootFilesystem", "true" },
                    { "allowPrivilegeEscalation", "false" },
                }
            },
        };
    }

    private static string Serialize(YamlStream stream)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlDotNet ends each saved document with an explicit "..." marker; manifests do not use it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text.EndsWith("...\r\n", StringComparison.Ordinal) ? text[..^5] : text;
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    private static YamlMappingNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"^---[^\n]*\n", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
