namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>The API server no longer has the resourceVersion a watch or list continued from (410 Gone): relist.</summary>
internal sealed class ResourceExpiredException(string message) : Exception(message);
