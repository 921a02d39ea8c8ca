using Mesh.ControlPlane.Sources.Kubernetes;
using Mesh.ControlPlane.Sources.Kubernetes.Manifests;

namespace Mesh.Cli.Install;

/// <summary>
/// Everything a cluster needs to run the control plane, as manifests: the namespace, the CRDs, a service
/// account with read-only access to exactly what the Kubernetes source watches, N interchangeable
/// replicas spread over nodes and zones, a disruption budget, and the Services clients connect to.
/// </summary>
internal static class InstallManifests
{
    private const string Name = "mesh-cp";
    private const string CaDirectory = "/etc/mesh/ca";
    private const string SecretsDirectory = "/etc/mesh/secrets";

    public static IReadOnlyList<object> Render(InstallOptions options) =>
    [
        Namespace(options),
        .. CrdManifests.All(),
        ServiceAccount(options),
        ClusterRole(),
        ClusterRoleBinding(options),
        Deployment(options),
        DisruptionBudget(options),
        Service(options, Name, headless: false),
        Service(options, $"{Name}-headless", headless: true),
    ];

    private static OrderedDictionary<string, object> Namespace(InstallOptions options) =>
        Document("v1", "Namespace", Metadata(options.Namespace, ns: null));

    private static OrderedDictionary<string, object> ServiceAccount(InstallOptions options) =>
        Document("v1", "ServiceAccount", Metadata(Name, options.Namespace));

    private static OrderedDictionary<string, object> ClusterRole()
    {
        var rules = KubernetesResourceType.Watched
            .GroupBy(type => type.Group)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => Map(
                ("apiGroups", new[] { group.Key }),
                ("resources", group.Select(type => type.Plural).Order(StringComparer.Ordinal).ToArray()),
                ("verbs", new[] { "get", "list", "watch" })))
            .Append(Map(
                ("apiGroups", new[] { "authentication.k8s.io" }),
                ("resources", new[] { "tokenreviews" }),
                ("verbs", new[] { "create" })))
            .ToArray();
        var role = Document("rbac.authorization.k8s.io/v1", "ClusterRole", Metadata(Name, ns: null));
        role["rules"] = rules;
        return role;
    }

    private static OrderedDictionary<string, object> ClusterRoleBinding(InstallOptions options)
    {
        var binding = Document("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", Metadata(Name, ns: null));
        binding["roleRef"] = Map(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "ClusterRole"), ("name", Name));
        binding["subjects"] = new[] { Map(("kind", "ServiceAccount"), ("name", Name), ("namespace", options.Namespace)) };
        return binding;
    }

    private static OrderedDictionary<string, object> Deployment(InstallOptions options)
    {
        List<string> arguments =
        [
            "--source", "kubernetes",
            "--xds-address", $"0.0.0.0:{InstallOptions.XdsPort}",
            "--admin-address", $"0.0.0.0:{InstallOptions.AdminPort}",
            "--ca-dir", CaDirectory,
            "--secrets-dir", SecretsDirectory,

            // The headless Service lists every ready replica, so each one's /stats and dashboard merge the others' traffic.
            "--peers", $"{Name}-headless.{options.Namespace}.svc.cluster.local:{InstallOptions.AdminPort}",
        ];
        if (options.Environment is { } environment)
        {
            arguments.AddRange(["--environment", environment]);
        }

        var container = Map(
            ("name", Name),
            ("image", options.Image),
            ("args", arguments.ToArray()),
            ("ports", new[]
            {
                Map(("name", "grpc-xds"), ("containerPort", InstallOptions.XdsPort)),
                Map(("name", "http-admin"), ("containerPort", InstallOptions.AdminPort)),
            }),
            ("startupProbe", Probe(failureThreshold: 60, periodSeconds: 2)),
            ("readinessProbe", Probe(failureThreshold: 2, periodSeconds: 5)),
            ("livenessProbe", Probe(failureThreshold: 6, periodSeconds: 10)),
            ("resources", Map(
                ("requests", Map(("cpu", "100m"), ("memory", "128Mi"))),
                ("limits", Map(("memory", "512Mi"))))),
            ("securityContext", Map(
                ("allowPrivilegeEscalation", false),
                ("readOnlyRootFilesystem", true),
                ("runAsNonRoot", true),
                ("capabilities", Map(("drop", new[] { "ALL" }))))),
            ("volumeMounts", new[]
            {
                Map(("name", "ca"), ("mountPath", CaDirectory), ("readOnly", true)),
                Map(("name", "secrets"), ("mountPath", SecretsDirectory), ("readOnly", true)),

                // The root filesystem is read-only; the runtime still wants a writable /tmp.
                Map(("name", "tmp"), ("mountPath", "/tmp")),
            }));

        var podSpec = Map(
            ("serviceAccountName", Name),
            // 1654 is the non-root user of the .NET container images; a numeric id lets runAsNonRoot be verified.
            ("securityContext", Map(("runAsUser", 1654), ("runAsGroup", 1654), ("seccompProfile", Map(("type", "RuntimeDefault"))))),
            ("affinity", Map(("podAntiAffinity", Map(("preferredDuringSchedulingIgnoredDuringExecution", new[]
            {
                // Replicas on different nodes, then in different zones: losing one node or one zone leaves the others serving.
                Spread("kubernetes.io/hostname", 100),
                Spread("topology.kubernetes.io/zone", 50),
            }))))),
            ("terminationGracePeriodSeconds", 30),
            ("containers", new[] { container }),
            ("volumes", new[]
            {
                Map(("name", "ca"), ("secret", Map(("secretName", InstallOptions.CaSecret)))),

                // Optional: without it each replica makes its own admin token and token key.
                Map(("name", "secrets"), ("secret", Map(("secretName", InstallOptions.SharedSecret), ("optional", true)))),
                Map(("name", "tmp"), ("emptyDir", Map())),
            }));

        var deployment = Document("apps/v1", "Deployment", Metadata(Name, options.Namespace));
        deployment["spec"] = Map(
            ("replicas", options.Replicas),
            ("selector", Map(("matchLabels", Selector()))),
            ("strategy", Map(("type", "RollingUpdate"), ("rollingUpdate", Map(("maxUnavailable", 0), ("maxSurge", 1))))),
            ("template", Map(("metadata", Map(("labels", Labels()))), ("spec", podSpec))));
        return deployment;
    }

    private static OrderedDictionary<string, object> DisruptionBudget(InstallOptions options)
    {
        var budget = Document("policy/v1", "PodDisruptionBudget", Metadata(Name, options.Namespace));
        budget["spec"] = Map(("maxUnavailable", 1), ("selector", Map(("matchLabels", Selector()))));
        return budget;
    }

    private static OrderedDictionary<string, object> Service(InstallOptions options, string name, bool headless)
    {
        var spec = Map(
            ("selector", Selector()),
            ("ports", new[]
            {
                Map(("name", "grpc-xds"), ("port", InstallOptions.XdsPort), ("targetPort", "grpc-xds"), ("appProtocol", "kubernetes.io/h2c")),
                Map(("name", "http-admin"), ("port", InstallOptions.AdminPort), ("targetPort", "http-admin")),
            }));
        if (headless)
        {
            // One DNS record per ready replica, for clients that spread themselves and fail over by name.
            spec["clusterIP"] = "None";
        }

        var service = Document("v1", "Service", Metadata(name, options.Namespace));
        service["spec"] = spec;
        return service;
    }

    private static OrderedDictionary<string, object> Probe(int failureThreshold, int periodSeconds) => Map(
        ("httpGet", Map(("path", "/healthz"), ("port", "http-admin"))),
        ("periodSeconds", periodSeconds),
        ("failureThreshold", failureThreshold));

    private static OrderedDictionary<string, object> Spread(string topologyKey, int weight) => Map(
        ("weight", weight),
        ("podAffinityTerm", Map(("topologyKey", topologyKey), ("labelSelector", Map(("matchLabels", Selector()))))));

    private static OrderedDictionary<string, object> Selector() => Map(("app.kubernetes.io/name", Name));

    private static OrderedDictionary<string, object> Labels() => Map(("app.kubernetes.io/name", Name), ("app.kubernetes.io/part-of", "mesh"));

    private static OrderedDictionary<string, object> Metadata(string name, string? ns)
    {
        var metadata = Map(("name", name));
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        metadata["labels"] = Labels();
        return metadata;
    }

    private static OrderedDictionary<string, object> Document(string apiVersion, string kind, OrderedDictionary<string, object> metadata) =>
        Map(("apiVersion", apiVersion), ("kind", kind), ("metadata", metadata));

    private static OrderedDictionary<string, object> Map(params (string Key, object Value)[] entries)
    {
        var map = new OrderedDictionary<string, object>(entries.Length);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }
}
