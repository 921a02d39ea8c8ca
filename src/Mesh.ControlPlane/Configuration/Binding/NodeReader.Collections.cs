using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>List and map fields.</summary>
internal sealed partial class NodeReader
{
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
}
