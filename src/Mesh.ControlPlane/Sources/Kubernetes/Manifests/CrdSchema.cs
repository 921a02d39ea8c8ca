using System.Collections.Immutable;

namespace Mesh.ControlPlane.Sources.Kubernetes.Manifests;

/// <summary>
/// One node of a structural OpenAPI v3 schema, as a CustomResourceDefinition carries it: enough of
/// OpenAPI to say what the config binders accept (types, enums, ranges, patterns, required fields,
/// exactly-one-of) so <c>kubectl apply</c> refuses what mesh-cp would skip.
/// </summary>
internal sealed record CrdSchema(string Type)
{
    public string? Description { get; init; }

    /// <summary>An object's fields, in the order documented; no other field is allowed.</summary>
    public ImmutableArray<(string Name, CrdSchema Schema)> Properties { get; init; } = [];

    public ImmutableArray<string> Required { get; init; } = [];

    /// <summary>Each entry lists fields of which exactly one must be set.</summary>
    public ImmutableArray<ImmutableArray<string>> ExactlyOneOf { get; init; } = [];

    /// <summary>A list's item schema.</summary>
    public CrdSchema? Items { get; init; }

    /// <summary>A map's value schema (keys are free).</summary>
    public CrdSchema? Values { get; init; }

    public ImmutableArray<string> Enum { get; init; } = [];

    public string? Pattern { get; init; }

    public int? MinLength { get; init; }

    public int? MinItems { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    /// <summary>The schema as the nested maps and lists of a manifest.</summary>
    public OrderedDictionary<string, object> ToManifest()
    {
        var node = new OrderedDictionary<string, object> { ["type"] = Type };
        if (Description is not null)
        {
            node["description"] = Description;
        }

        if (!Properties.IsEmpty)
        {
            var properties = new OrderedDictionary<string, object>();
            foreach (var (name, schema) in Properties)
            {
                properties[name] = schema.ToManifest();
            }

            node["properties"] = properties;
        }

        if (!Required.IsEmpty)
        {
            node["required"] = Required.ToArray();
        }

        if (!ExactlyOneOf.IsEmpty)
        {
            // Structural schemas allow oneOf only with value validations: one branch per field that may be the one.
            node["oneOf"] = ExactlyOneOf[0].Select(field => new OrderedDictionary<string, object> { ["required"] = new[] { field } }).ToArray();
            if (ExactlyOneOf.Length > 1)
            {
                node["allOf"] = ExactlyOneOf.Skip(1).Select(group => new OrderedDictionary<string, object>
                {
                    ["oneOf"] = group.Select(field => new OrderedDictionary<string, object> { ["required"] = new[] { field } }).ToArray(),
                }).ToArray();
            }
        }

        if (Items is not null)
        {
            node["items"] = Items.ToManifest();
        }

        if (Values is not null)
        {
            node["additionalProperties"] = Values.ToManifest();
        }

        if (!Enum.IsEmpty)
        {
            node["enum"] = Enum.ToArray();
        }

        if (Pattern is not null)
        {
            node["pattern"] = Pattern;
        }

        if (MinLength is { } minLength)
        {
            node["minLength"] = minLength;
        }

        if (MinItems is { } minItems)
        {
            node["minItems"] = minItems;
        }

        if (Minimum is { } minimum)
        {
            node["minimum"] = Number(minimum);
            if (ExclusiveMinimum)
            {
                node["exclusiveMinimum"] = true;
            }
        }

        if (Maximum is { } maximum)
        {
            node["maximum"] = Number(maximum);
        }

        return node;
    }

    private static object Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? (long)value : value;
}
