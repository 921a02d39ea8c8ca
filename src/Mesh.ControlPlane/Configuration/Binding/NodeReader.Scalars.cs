using System.Globalization;
using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Typed scalar fields: strings, enums, numbers, booleans and durations.</summary>
internal sealed partial class NodeReader
{
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
}
