namespace Mesh.ControlPlane.Configuration;

/// <summary>The kinds of resource the configuration language knows, and its apiVersion.</summary>
internal static class ResourceKinds
{
    public const string ApiVersion = "mesh.dev/v1alpha1";
    public const string Mesh = "Mesh";
    public const string MeshService = "MeshService";
    public const string TrafficRoute = "TrafficRoute";
    public const string DestinationPolicy = "DestinationPolicy";
    public const string AccessPolicy = "AccessPolicy";
    public const string RateLimit = "RateLimit";
}
