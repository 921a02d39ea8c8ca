using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Configuration.Validation;

/// <summary>An environment has at most one <c>Mesh</c>, and it is named <c>default</c>.</summary>
internal static class MeshSingletonValidator
{
    public static void Validate(IReadOnlyList<BoundResource> resources, ICollection<ConfigError> errors)
    {
        BoundResource? first = null;
        foreach (var resource in resources)
        {
            if (resource.Resource is not MeshSettings mesh)
            {
                continue;
            }

            if (mesh.Metadata.Name != MetadataBinder.MeshName)
            {
                errors.Add(new ConfigError(
                    resource.LocationOf("metadata.name"),
                    "metadata.name",
                    $"the Mesh resource must be named '{MetadataBinder.MeshName}', got '{mesh.Metadata.Name}'; rename it"));
            }

            if (first is null)
            {
                first = resource;
                continue;
            }

            errors.Add(new ConfigError(
                mesh.Metadata.Location,
                "kind",
                $"only one Mesh is allowed per environment, and one is already declared at {first.Resource.Metadata.Location}; merge the two"));
        }
    }
}
