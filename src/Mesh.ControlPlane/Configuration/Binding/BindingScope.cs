using System.Collections.Immutable;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>
/// Collects the errors of binding one resource and remembers where each field was written, so
/// whole-snapshot validators can point at <c>spec.service</c> rather than at the resource.
/// </summary>
internal sealed class BindingScope(ICollection<ConfigError> errors)
{
    private readonly Dictionary<string, SourceLocation> locations = new(StringComparer.Ordinal);

    public int ErrorCount { get; private set; }

    public void Error(SourceLocation location, string field, string message)
    {
        errors.Add(new ConfigError(location, field, message));
        ErrorCount++;
    }

    public void Record(string field, SourceLocation location) => locations.TryAdd(field, location);

    public ImmutableDictionary<string, SourceLocation> Locations() => locations.ToImmutableDictionary(StringComparer.Ordinal);
}
