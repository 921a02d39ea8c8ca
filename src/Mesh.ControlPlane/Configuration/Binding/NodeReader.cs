using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>
/// Typed, strict access to the fields of one mapping. Every problem (unknown field, wrong type,
/// out of range, missing) becomes an error in the <see cref="BindingScope"/> and the getter returns
/// null, so binders keep going and report everything in one pass.
/// </summary>
internal sealed partial class NodeReader
{
    private readonly ConfigMapping mapping;
    private readonly BindingScope scope;

    private NodeReader(ConfigMapping mapping, string path, BindingScope scope)
    {
        this.mapping = mapping;
        this.scope = scope;
        Path = path;
    }

    /// <summary>The field path of this mapping (<c>spec.rules[0]</c>); empty for a document root.</summary>
    public string Path { get; }

    public SourceLocation Location => mapping.Location;

    public BindingScope Scope => scope;

    /// <summary>Opens <paramref name="node"/> as a mapping whose keys must be among <paramref name="allowed"/>.</summary>
    public static NodeReader? Open(ConfigNode node, string path, BindingScope scope, params ReadOnlySpan<string> allowed)
    {
        if (node is not ConfigMapping map)
        {
            scope.Error(node.Location, path, $"{NameOf(path)} must be a mapping, got {node.Description}");
            return null;
        }

        foreach (var entry in map.Entries)
        {
            if (!allowed.Contains(entry.Key))
            {
                scope.Error(
                    entry.KeyLocation,
                    Join(path, entry.Key),
                    $"unknown field '{entry.Key}'; allowed fields here are: {string.Join(", ", allowed.ToArray())}");
            }
        }

        scope.Record(path, map.Location);
        return new NodeReader(map, path, scope);
    }

    public string FieldPath(string name) => Join(Path, name);

    /// <summary>Where the value of <paramref name="name"/> was written, or this mapping when it is absent.</summary>
    public SourceLocation LocationOf(string name) => mapping.Find(name)?.Value.Location ?? mapping.Location;

    public bool Has(string name) => Value(name) is not null;

    /// <summary>Reports a problem with the value of <paramref name="name"/>.</summary>
    public void Error(string name, string message) => scope.Error(LocationOf(name), FieldPath(name), message);

    /// <summary>Reports a problem with this mapping as a whole.</summary>
    public void ErrorHere(string message) => scope.Error(mapping.Location, Path, message);

    /// <summary>The raw value node; null when absent or written as null.</summary>
    public ConfigNode? Node(string name, bool required = false)
    {
        var node = Value(name);
        if (node is null && required)
        {
            scope.Error(mapping.Location, FieldPath(name), $"{name} is required; add '{name}:' to {Describe()}");
        }

        return node;
    }

    /// <summary>Opens a nested mapping field.</summary>
    public NodeReader? Mapping(string name, bool required, params ReadOnlySpan<string> allowed)
    {
        var node = Node(name, required);
        return node is null ? null : Open(node, FieldPath(name), scope, allowed);
    }

    /// <summary>Reports unless exactly one of <paramref name="names"/> is set; returns whether exactly one is.</summary>
    public bool ExactlyOne(params ReadOnlySpan<string> names)
    {
        var set = new List<string>();
        foreach (var name in names)
        {
            if (Has(name))
            {
                set.Add(name);
            }
        }

        if (set.Count == 1)
        {
            return true;
        }

        var found = set.Count == 0 ? "it sets none" : $"it sets {string.Join(" and ", set)}";
        ErrorHere($"{NameOf(Path)} must set exactly one of {string.Join(", ", names.ToArray())}; {found}");
        return false;
    }

    private ConfigNode? Value(string name)
    {
        var entry = mapping.Find(name);
        if (entry is null || entry.Value is ConfigScalar { IsNull: true })
        {
            return null;
        }

        scope.Record(FieldPath(name), entry.Value.Location);
        return entry.Value;
    }

    private string Describe() => Path.Length == 0 ? "the resource" : Path;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string NameOf(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }
}
