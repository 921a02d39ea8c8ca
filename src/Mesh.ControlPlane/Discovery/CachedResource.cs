using Google.Protobuf.WellKnownTypes;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// One translated resource, packed once and shared by every session that sends it.
/// </summary>
/// <param name="Name">The xDS resource name.</param>
/// <param name="Resource">The packed resource; never mutated after creation.</param>
/// <param name="Hash">The content hash of the serialized resource.</param>
internal sealed record CachedResource(string Name, Any Resource, string Hash);
