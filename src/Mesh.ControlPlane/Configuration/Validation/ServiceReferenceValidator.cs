using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Configuration.Validation;

/// <summary>
/// Every <c>spec.service</c> names a MeshService in the same namespace, and every subset a route or
/// policy names is defined by that service.
/// </summary>
internal static class ServiceReferenceValidator
{
    /// <param name="resources">The resources that bound cleanly.</param>
    /// <param name="declaredServices">Keys (<c>namespace/name</c>) of every MeshService document, bound or not, so a
    /// service that failed to bind is not reported a second time as missing.</param>
    /// <param name="errors">Receives the problems found.</param>
    public static void Validate(IReadOnlyList<BoundResource> resources, IReadOnlySet<string> declaredServices, ICollection<ConfigError> errors)
    {
        var services = new Dictionary<string, MeshServiceResource>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (resource.Resource is MeshServiceResource service)
            {
                services[resource.Key] = service;
            }
        }

        foreach (var resource in resources)
        {
            var (serviceName, subsets) = References(resource.Resource);
            if (serviceName is null)
            {
                continue;
            }

            var key = $"{resource.Resource.Metadata.Namespace}/{serviceName}";
            if (!services.TryGetValue(key, out var service))
            {
                if (!declaredServices.Contains(key))
                {
                    errors.Add(new ConfigError(resource.LocationOf("spec.service"), "spec.service", MissingService(resource, serviceName, services.Keys)));
                }

                continue;
            }

            foreach (var (field, subset) in subsets)
            {
                if (!service.Spec.Subsets.Any(s => s.Name == subset))
                {
                    var known = service.Spec.Subsets.IsEmpty ? "it defines none" : $"it defines {string.Join(", ", service.Spec.Subsets.Select(s => s.Name))}";
                    errors.Add(new ConfigError(
                        resource.LocationOf(field),
                        field,
                        $"subset '{subset}' is not defined by MeshService {key} ({known}); add it to the service's subsets or fix the name"));
                }
            }
        }
    }

    private static (string? Service, List<(string Field, string Subset)> Subsets) References(MeshResource resource)
    {
        var subsets = new List<(string, string)>();
        switch (resource)
        {
            case TrafficRoute route:
                for (var i = 0; i < route.Spec.Rules.Length; i++)
                {
                    var destinations = route.Spec.Rules[i].Destinations;
                    for (var j = 0; j < destinations.Length; j++)
                    {
                        if (destinations[j].Subset is { } subset)
                        {
                            subsets.Add(($"spec.rules[{i}].destinations[{j}].subset", subset));
                        }
                    }
                }

                return (route.Spec.Service, subsets);
            case DestinationPolicy policy:
                if (policy.Spec.Subset is { } policySubset)
                {
                    subsets.Add(("spec.subset", policySubset));
                }

                return (policy.Spec.Service, subsets);
            case AccessPolicy access:
                return (access.Spec.Service, subsets);
            case RateLimit limit:
                return (limit.Spec.Service, subsets);
            default:
                return (null, subsets);
        }
    }

    private static string MissingService(BoundResource resource, string service, IEnumerable<string> known)
    {
        var ns = resource.Resource.Metadata.Namespace;
        var names = known.Where(k => k.StartsWith(ns + "/", StringComparison.Ordinal)).Select(k => k[(ns.Length + 1)..]).ToArray();
        var hint = names.Length == 0 ? "none are declared" : $"declared: {string.Join(", ", names)}";
        return $"service '{service}' does not exist in namespace '{ns}' ({hint}); declare a MeshService named '{service}' or fix the name";
    }
}
