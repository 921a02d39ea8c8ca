namespace Mesh.Sdk.Balancing;

/// <summary>Where an endpoint runs, as xDS names it: region, zone and sub-zone (empty when unknown).</summary>
internal readonly record struct EndpointLocality(string Region, string Zone, string SubZone)
{
    public static EndpointLocality Unknown { get; } = new(string.Empty, string.Empty, string.Empty);

    /// <summary>True when both name the same non-empty zone of the same region; sub-zones do not matter.</summary>
    public bool IsSameZone(EndpointLocality other) =>
        Zone.Length > 0 &&
        string.Equals(Region, other.Region, StringComparison.Ordinal) &&
        string.Equals(Zone, other.Zone, StringComparison.Ordinal);

    public override string ToString() => $"{Region}/{Zone}/{SubZone}";
}
