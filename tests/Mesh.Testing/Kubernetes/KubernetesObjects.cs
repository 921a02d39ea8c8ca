using System.Text.Json.Nodes;

namespace Mesh.Testing.Kubernetes;

/// <summary>Builds the objects a cluster would hold for a mesh: mesh.dev resources, Services, EndpointSlices and Pods.</summary>
public static class KubernetesObjects
{
    public const string Pods = "v1/pods";
    public const string Services = "v1/services";
    public const string EndpointSlices = "discovery.k8s.io/v1/endpointslices";
    public const string Meshes = "mesh.dev/v1alpha1/meshes";
    public const string MeshServices = "mesh.dev/v1alpha1/meshservices";
    public const string TrafficRoutes = "mesh.dev/v1alpha1/trafficroutes";
    public const string DestinationPolicies = "mesh.dev/v1alpha1/destinationpolicies";
    public const string AccessPolicies = "mesh.dev/v1alpha1/accesspolicies";
    public const string RateLimits = "mesh.dev/v1alpha1/ratelimits";

    /// <summary>A mesh.dev object of <paramref name="kind"/> with a spec given as JSON.</summary>
    public static JsonObject Mesh(string kind, string ns, string name, string specJson) => new()
    {
        ["apiVersion"] = "mesh.dev/v1alpha1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString() },
        ["spec"] = JsonNode.Parse(specJson),
    };

    /// <summary>A MeshService with one HTTP port named <c>http</c> and subsets v1 and v2 by the <c>version</c> label.</summary>
    public static JsonObject MeshService(string ns, string name, int port = 8080) =>
        Mesh("MeshService", ns, name, $$$"""
            {"ports":[{"name":"http","port":{{{port}}},"protocol":"http"}],
             "subsets":[{"name":"v1","labels":{"version":"v1"}},{"name":"v2","labels":{"version":"v2"}}]}
            """);

    /// <summary>A Service with one port named <c>http</c>.</summary>
    public static JsonObject Service(string ns, string name, int port = 8080, int targetPort = 8080) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = port, ["targetPort"] = targetPort, ["protocol"] = "TCP" }),
        },
    };

    /// <summary>A Pod with labels and a service account.</summary>
    public static JsonObject Pod(string ns, string name, string version, string serviceAccount = "default") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name, ["version"] = version } },
        ["spec"] = new JsonObject { ["serviceAccountName"] = serviceAccount, ["nodeName"] = "node-1", ["containers"] = new JsonArray() },
    };

    /// <summary>An EndpointSlice of Service <paramref name="service"/> with port <c>http</c>.</summary>
    public static JsonObject EndpointSlice(string ns, string name, string service, int port, params SliceEndpoint[] endpoints)
    {
        var items = new JsonArray();
        foreach (var endpoint in endpoints)
        {
            var item = new JsonObject
            {
                ["addresses"] = new JsonArray(endpoint.Address),
                ["conditions"] = new JsonObject { ["ready"] = endpoint.Ready, ["serving"] = endpoint.Ready, ["terminating"] = false },
                ["nodeName"] = "node-1",
            };
            if (endpoint.Zone is { } zone)
            {
                item["zone"] = zone;
            }

            if (endpoint.Pod is { } pod)
            {
                item["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = pod };
            }

            items.Add(item);
        }

        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service },
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = items,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = port, ["protocol"] = "TCP" }),
        };
    }
}

