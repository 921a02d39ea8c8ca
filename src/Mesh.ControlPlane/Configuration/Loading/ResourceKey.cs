namespace Mesh.ControlPlane.Configuration.Loading;

/// <summary>What makes two documents the same resource: kind, namespace and name.</summary>
internal readonly record struct ResourceKey(string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
