using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.ControlPlane.Configuration.Yaml;
using Mesh.ControlPlane.Sources.Kubernetes.Manifests;

namespace Mesh.ControlPlane.Tests.Sources.Kubernetes.Manifests;

/// <summary>
/// Checks a value against a <see cref="CrdSchema"/> the way the API server checks a custom resource:
/// types (a plain YAML scalar is a number or boolean when it reads as one), unknown fields, required
/// fields, exactly-one-of, enums, patterns, lengths and ranges.
/// </summary>
internal static class SchemaCheck
{
    public static List<string> Violations(CrdSchema schema, ConfigNode node, string path = "spec")
    {
        var violations = new List<string>();
        Check(schema, node, path, violations);
        return violations;
    }

    private static void Check(CrdSchema schema, ConfigNode node, string path, List<string> violations)
    {
        switch (schema.Type)
        {
            case "object" when node is ConfigMapping mapping:
                CheckObject(schema, mapping, path, violations);
                break;
            case "array" when node is ConfigSequence sequence:
                if (sequence.Items.Length < (schema.MinItems ?? 0))
                {
                    violations.Add($"{path}: fewer than {schema.MinItems} items");
                }

                for (var i = 0; i < sequence.Items.Length; i++)
                {
                    Check(schema.Items!, sequence.Items[i], $"{path}[{i}]", violations);
                }

                break;
            case "string" when node is ConfigScalar scalar && !(scalar.IsPlain && (IsNumber(scalar.Value) || scalar.Value is "true" or "false" || scalar.IsNull)):
                CheckString(schema, scalar.Value, path, violations);
                break;
            case "integer" when node is ConfigScalar { IsPlain: true } scalar && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer):
                CheckRange(schema, integer, path, violations);
                break;
            case "number" when node is ConfigScalar { IsPlain: true } scalar && IsNumber(scalar.Value):
                CheckRange(schema, double.Parse(scalar.Value, CultureInfo.InvariantCulture), path, violations);
                break;
            case "boolean" when node is ConfigScalar { IsPlain: true, Value: "true" or "false" }:
                break;
            default:
                violations.Add($"{path}: must be of type {schema.Type}, got {node.Description}");
                break;
        }
    }

    private static void CheckObject(CrdSchema schema, ConfigMapping mapping, string path, List<string> violations)
    {
        foreach (var entry in mapping.Entries)
        {
            var child = schema.Values ?? schema.Properties.FirstOrDefault(p => p.Name == entry.Key).Schema;
            if (child is null)
            {
                violations.Add($"{path}.{entry.Key}: unknown field");
            }
            else
            {
                Check(child, entry.Value, $"{path}.{entry.Key}", violations);
            }
        }

        foreach (var required in schema.Required.Where(r => mapping.Find(r) is null))
        {
            violations.Add($"{path}.{required}: required");
        }

        foreach (var group in schema.ExactlyOneOf.Where(g => g.Count(f => mapping.Find(f) is not null) != 1))
        {
            violations.Add($"{path}: exactly one of {string.Join(", ", group)}");
        }
    }

    private static void CheckString(CrdSchema schema, string value, string path, List<string> violations)
    {
        if (value.Length < (schema.MinLength ?? 0))
        {
            violations.Add($"{path}: shorter than {schema.MinLength}");
        }

        if (!schema.Enum.IsEmpty && !schema.Enum.Contains(value))
        {
            violations.Add($"{path}: not one of {string.Join(", ", schema.Enum)}");
        }

        if (schema.Pattern is { } pattern && !Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant))
        {
            violations.Add($"{path}: does not match {pattern}");
        }
    }

    private static void CheckRange(CrdSchema schema, double value, string path, List<string> violations)
    {
        if (schema.Minimum is { } minimum && (value < minimum || (schema.ExclusiveMinimum && value == minimum)))
        {
            violations.Add($"{path}: below {minimum}");
        }

        if (schema.Maximum is { } maximum && value > maximum)
        {
            violations.Add($"{path}: above {maximum}");
        }
    }

    private static bool IsNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !text.Contains("Infinity", StringComparison.Ordinal);
}
