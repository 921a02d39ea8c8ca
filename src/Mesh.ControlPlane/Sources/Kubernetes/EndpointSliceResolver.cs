using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>
/// Finds a MeshService's endpoints in the EndpointSlices of the Kubernetes Service it names: ready
/// endpoints only, on the port matching the MeshService's first port (by name, else through the
/// Service's port number), labelled with their pod's labels and service account, located by zone.
/// </summary>
internal static partial class EndpointSliceResolver
{
    /// <summary>Names the Kubernetes Service of a MeshService whose name differs from it.</summary>
    public const string ServiceAnnotation = "mesh.dev/kubernetes-service";

    /// <summary>The endpoint label that carries the pod's service account (its workload identity).</summary>
    public const string ServiceAccountLabel = "mesh.dev/service-account";

    /// <summary>The endpoints of <paramref name="meshService"/> as <c>spec.endpoints</c> entries, sorted by address, one per address.</summary>
    public static ImmutableArray<ConfigNode> Resolve(KubernetesObject meshService, KubernetesSnapshotInput input, SourceLocation location)
    {
        var serviceName = Annotation(meshService.Body, ServiceAnnotation) ?? meshService.Name;
        var (portName, portNumber) = FirstPort(meshService.Body);
        var serviceKey = $"{meshService.Namespace}/{serviceName}";
        var servicePortName = ServicePortName(input.Service(serviceKey), portNumber);
        var byAddress = new SortedDictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var slice in input.SlicesOf(serviceKey))
        {
            if (KubernetesObject.Text(slice.Body, "addressType") is not ("IPv4" or "IPv6")
                || SlicePort(slice.Body, portName ?? servicePortName, portNumber) is not { } port
                || !slice.Body.TryGetProperty("endpoints", out var endpoints) || endpoints.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var endpoint in endpoints.EnumerateArray())
            {
                if (!IsReady(endpoint) || FirstAddress(endpoint) is not { } ip)
                {
                    continue;
                }

                var address = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}";
                byAddress.TryAdd(address, Endpoint(address, endpoint, input, location));
            }
        }

        return [.. byAddress.Values];
    }

    /// <summary>The region of an AWS-style zone (<c>us-east-1a</c> is in <c>us-east-1</c>); empty for any other zone.</summary>
    public static string RegionOf(string zone) => AwsZone().IsMatch(zone) ? zone[..^1] : string.Empty;

    private static ConfigNode Endpoint(string address, JsonElement endpoint, KubernetesSnapshotInput input, SourceLocation location)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (endpoint.TryGetProperty("targetRef", out var target) && KubernetesObject.Text(target, "kind") == "Pod"
            && input.Pod($"{KubernetesObject.Text(target, "namespace")}/{KubernetesObject.Text(target, "name")}") is { } pod)
        {
            if (pod.Body.GetProperty("metadata").TryGetProperty("labels", out var podLabels) && podLabels.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in podLabels.EnumerateObject())
                {
                    labels[label.Name] = label.Value.GetString() ?? string.Empty;
                }
            }

            labels[ServiceAccountLabel] = KubernetesObject.Text(pod.Body.GetProperty("spec"), "serviceAccountName") ?? "default";
        }

        List<(string, ConfigNode)> fields = [("address", JsonConfigNode.Text(address, location)), ("labels", JsonConfigNode.Strings(labels, location))];
        if (KubernetesObject.Text(endpoint, "zone") is { Length: > 0 } zone)
        {
            List<(string, ConfigNode)> locality = [("zone", JsonConfigNode.Text(zone, location))];
            if (RegionOf(zone) is { Length: > 0 } region)
            {
                locality.Insert(0, ("region", JsonConfigNode.Text(region, location)));
            }

            fields.Add(("locality", JsonConfigNode.Mapping(location, locality)));
        }

        return JsonConfigNode.Mapping(location, fields);
    }

    private static (string? Name, int? Number) FirstPort(JsonElement meshService)
    {
        if (meshService.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("ports", out var ports) && ports.ValueKind == JsonValueKind.Array && ports.GetArrayLength() > 0)
        {
            var first = ports[0];
            return (KubernetesObject.Text(first, "name"), Number(first, "port"));
        }

        return (null, null);
    }

    /// <summary>The name of the Service port numbered <paramref name="number"/>: EndpointSlice ports carry the Service's port names.</summary>
    private static string? ServicePortName(KubernetesObject? service, int? number)
    {
        if (service is not null && service.Body.TryGetProperty("spec", out var spec)
            && spec.TryGetProperty("ports", out var ports) && ports.ValueKind == JsonValueKind.Array)
        {
            foreach (var port in ports.EnumerateArray())
            {
                if (Number(port, "port") == number || ports.GetArrayLength() == 1)
                {
                    return KubernetesObject.Text(port, "name") ?? string.Empty;
                }
            }
        }

        return null;
    }

    private static int? SlicePort(JsonElement slice, string? name, int? number)
    {
        if (!slice.TryGetProperty("ports", out var ports) || ports.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var all = ports.EnumerateArray().ToArray();
        var match = all.FirstOrDefault(p => name is not null && (KubernetesObject.Text(p, "name") ?? string.Empty) == name);
        if (match.ValueKind == JsonValueKind.Undefined)
        {
            match = all.Length == 1 ? all[0] : all.FirstOrDefault(p => number is not null && Number(p, "port") == number);
        }

        return match.ValueKind == JsonValueKind.Undefined ? null : Number(match, "port");
    }

    // Kubernetes: "ready" unset means ready.
    private static bool IsReady(JsonElement endpoint) =>
        !(endpoint.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Object
            && conditions.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.False);

    // Consumers use the first address of an endpoint; the others are the same pod.
    private static string? FirstAddress(JsonElement endpoint) =>
        endpoint.TryGetProperty("addresses", out var addresses) && addresses.ValueKind == JsonValueKind.Array && addresses.GetArrayLength() > 0
            && addresses[0].ValueKind == JsonValueKind.String
            ? addresses[0].GetString()
            : null;

    private static int? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt32(out var n) => n,
                JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            }
            : null;

    private static string? Annotation(JsonElement body, string name) =>
        body.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("annotations", out var annotations) ? KubernetesObject.Text(annotations, name) : null;

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]+[a-z]$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsZone();
}
