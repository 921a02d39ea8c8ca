using System.Collections.Immutable;
using System.Globalization;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>
/// Typed, strict access to the fields of one mapping. Every problem (unknown field, wrong type,
/// out of range, missing) becomes an error in the <see cref="BindingScope"/> and the getter returns
/// null, so binders keep going and report everything in one pass.
/// </summary>
internal sealed class NodeReader
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

    public string? String(string name, bool required = false)
    {
        var scalar = Scalar(name, required, "a string");
        if (scalar is null)
        {
            return null;
        }

        if (scalar.Value.Length == 0)
        {
            Error(name, $"{name} must not be empty");
            return null;
        }

        return scalar.Value;
    }

    /// <summary>A string that must be one of <paramref name="choices"/> (case-sensitive, as documented).</summary>
    public string? OneOf(string name, bool required, params ReadOnlySpan<string> choices)
    {
        var value = String(name, required);
        if (value is null || choices.Contains(value))
        {
            return value;
        }

        Error(name, $"{name} must be one of {string.Join(", ", choices.ToArray())}; got '{value}'");
        return null;
    }

    public long? Integer(string name, long min, long max, bool required = false)
    {
        var scalar = Scalar(name, required, "an integer");
        if (scalar is null)
        {
            return null;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(name, $"{name} must be an integer, got {scalar.Description}");
            return null;
        }

        return InRange(name, value, min, max) ? value : null;
    }

    public uint? UnsignedInteger(string name, bool required = false) => (uint?)Integer(name, 0, uint.MaxValue, required);

    public double? Number(string name, double min, double max, bool required = false)
    {
        var scalar = Scalar(name, required, "a number");
        if (scalar is null)
        {
            return null;
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(name, $"{name} must be a number, got {scalar.Description}");
            return null;
        }

        return InRange(name, value, min, max) ? value : null;
    }

    public bool? Boolean(string name)
    {
        var scalar = Scalar(name, required: false, "true or false");
        if (scalar is null)
        {
            return null;
        }

        if (bool.TryParse(scalar.Value, out var value))
        {
            return value;
        }

        Error(name, $"{name} must be true or false, got {scalar.Description}");
        return null;
    }

    public TimeSpan? Duration(string name, bool required = false)
    {
        var scalar = Scalar(name, required, "a duration");
        if (scalar is null)
        {
            return null;
        }

        if (DurationParser.TryParse(scalar.Value, out var duration))
        {
            return duration;
        }

        Error(name, $"{name} must be a positive duration like {DurationParser.Examples}; got {scalar.Description}");
        return null;
    }

    /// <summary>Opens a nested mapping field.</summary>
    public NodeReader? Mapping(string name, bool required, params ReadOnlySpan<string> allowed)
    {
        var node = Node(name, required);
        return node is null ? null : Open(node, FieldPath(name), scope, allowed);
    }

    /// <summary>The items of a list field with their paths (<c>rules[0]</c>); empty when absent or not a list.</summary>
    public ImmutableArray<FieldNode> List(string name, bool required = false)
    {
        var node = Node(name, required);
        if (node is null)
        {
            return [];
        }

        if (node is not ConfigSequence sequence)
        {
            Error(name, $"{name} must be a list, got {node.Description}; write it as '[...]' or one '- ' item per line");
            return [];
        }

        if (required && sequence.Items.IsEmpty)
        {
            Error(name, $"{name} must have at least one item");
        }

        var items = ImmutableArray.CreateBuilder<FieldNode>(sequence.Items.Length);
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            var path = $"{FieldPath(name)}[{i}]";
            scope.Record(path, sequence.Items[i].Location);
            items.Add(new FieldNode(string.Empty, sequence.Items[i], path));
        }

        return items.MoveToImmutable();
    }

    /// <summary>The entries of a map field whose keys are user-chosen (header names, labels).</summary>
    public ImmutableArray<FieldNode> Entries(string name)
    {
        var node = Node(name);
        if (node is null)
        {
            return [];
        }

        if (node is not ConfigMapping map)
        {
            Error(name, $"{name} must be a mapping, got {node.Description}");
            return [];
        }

        var entries = ImmutableArray.CreateBuilder<FieldNode>(map.Entries.Length);
        foreach (var entry in map.Entries)
        {
            var path = Join(FieldPath(name), entry.Key);
            scope.Record(path, entry.Value.Location);
            if (entry.Key.Length == 0)
            {
                scope.Error(entry.KeyLocation, path, $"keys of {name} must not be empty");
                continue;
            }

            entries.Add(new FieldNode(entry.Key, entry.Value, path));
        }

        return entries.ToImmutable();
    }

    /// <summary>A map of string to string (labels, annotations), sorted by key.</summary>
    public ImmutableSortedDictionary<string, string> StringMap(string name)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var entry in Entries(name))
        {
            if (entry.Node is ConfigScalar { IsNull: false } scalar)
            {
                builder[entry.Key] = scalar.Value;
            }
            else
            {
                scope.Error(entry.Node.Location, entry.Path, $"{entry.Key} must be a string, got {entry.Node.Description}; quote values such as \"true\" or \"1\"");
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>A list of non-empty strings; <paramref name="check"/> returns a message for a bad item, null for a good one.</summary>
    public ImmutableArray<string> StringList(string name, Func<string, string?>? check = null)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var item in List(name))
        {
            if (item.Node is ConfigScalar { IsNull: false } scalar && scalar.Value.Length > 0)
            {
                if (check?.Invoke(scalar.Value) is { } problem)
                {
                    scope.Error(item.Node.Location, item.Path, problem);
                }

                builder.Add(scalar.Value);
            }
            else
            {
                scope.Error(item.Node.Location, item.Path, $"{NameOf(item.Path)} must be a non-empty string, got {item.Node.Description}");
            }
        }

        return builder.ToImmutable();
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

    private ConfigScalar? Scalar(string name, bool required, string expected)
    {
        var node = Node(name, required);
        if (node is null)
        {
            return null;
        }

        if (node is ConfigScalar scalar)
        {
            return scalar;
        }

        Error(name, $"{name} must be {expected}, got {node.Description}");
        return null;
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

    private bool InRange<T>(string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"{name} must be ≥ {min}, got {value}"));
            return false;
        }

        if (value.CompareTo(max) > 0)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"{name} must be ≤ {max}, got {value}"));
            return false;
        }

        return true;
    }

    private string Describe() => Path.Length == 0 ? "the resource" : Path;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string NameOf(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }
}
