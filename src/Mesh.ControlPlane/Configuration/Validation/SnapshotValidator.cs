using Mesh.ControlPlane.Configuration.Binding;

namespace Mesh.ControlPlane.Configuration.Validation;

/// <summary>Runs the rules that need the whole snapshot rather than one resource.</summary>
internal static class SnapshotValidator
{
    public static void Validate(IReadOnlyList<BoundResource> resources, IReadOnlySet<string> declaredServices, ICollection<ConfigError> errors)
    {
        MeshSingletonValidator.Validate(resources, errors);
        ServiceReferenceValidator.Validate(resources, declaredServices, errors);
        RouteUniquenessValidator.Validate(resources, errors);
    }
}
