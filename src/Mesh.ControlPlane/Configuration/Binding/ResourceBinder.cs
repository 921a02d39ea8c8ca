using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds one (already overlaid) resource document to its typed record, strictly.</summary>
internal static class ResourceBinder
{
    private static readonly string[] Kinds =
    [
        ResourceKinds.Mesh,
        ResourceKinds.MeshService,
        ResourceKinds.TrafficRoute,
        ResourceKinds.DestinationPolicy,
        ResourceKinds.AccessPolicy,
        ResourceKinds.RateLimit,
    ];

    /// <summary>Returns the resource, or null after adding its errors to <paramref name="errors"/>.</summary>
    public static BoundResource? Bind(ConfigMapping document, ICollection<ConfigError> errors)
    {
        var scope = new BindingScope(errors);
        var root = NodeReader.Open(document, string.Empty, scope, "apiVersion", "kind", "metadata", "spec")!;
        var apiVersion = root.String("apiVersion", required: true);
        if (apiVersion is not null and not ResourceKinds.ApiVersion)
        {
            root.Error("apiVersion", $"apiVersion must be {ResourceKinds.ApiVersion}, got '{apiVersion}'");
        }

        var kind = root.String("kind", required: true);
        if (kind is null)
        {
            return null;
        }

        if (!Kinds.Contains(kind))
        {
            root.Error("kind", $"unknown kind '{kind}'; known kinds are {string.Join(", ", Kinds)}");
            return null;
        }

        var metadata = MetadataBinder.Bind(root, kind);
        var spec = root.Node("spec", required: kind != ResourceKinds.Mesh)
            ?? new ConfigMapping([], root.Location);
        MeshResource? resource = kind switch
        {
            ResourceKinds.Mesh => Create(metadata, MeshSettingsBinder.Bind(spec, scope), static (m, s) => new MeshSettings(m, s)),
            ResourceKinds.MeshService => Create(metadata, MeshServiceBinder.Bind(spec, scope), static (m, s) => new MeshServiceResource(m, s)),
            ResourceKinds.TrafficRoute => Create(metadata, TrafficRouteBinder.Bind(spec, scope), static (m, s) => new TrafficRoute(m, s)),
            ResourceKinds.DestinationPolicy => Create(metadata, DestinationPolicyBinder.Bind(spec, scope), static (m, s) => new DestinationPolicy(m, s)),
            ResourceKinds.AccessPolicy => Create(metadata, AccessPolicyBinder.Bind(spec, scope), static (m, s) => new AccessPolicy(m, s)),
            _ => Create(metadata, RateLimitBinder.Bind(spec, scope), static (m, s) => new RateLimit(m, s)),
        };

        return resource is null || scope.ErrorCount > 0 ? null : new BoundResource(resource, scope.Locations());
    }

    private static MeshResource? Create<TSpec>(ResourceMetadata? metadata, TSpec? spec, Func<ResourceMetadata, TSpec, MeshResource> create)
        where TSpec : class =>
        metadata is null || spec is null ? null : create(metadata, spec);
}
