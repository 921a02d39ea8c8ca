using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>A node with its field path (<c>spec.rules[0]</c>, <c>match.headers.x-user</c>) and, for map entries, its key.</summary>
internal readonly record struct FieldNode(string Key, ConfigNode Node, string Path);
