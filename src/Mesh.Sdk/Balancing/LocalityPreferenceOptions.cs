namespace Mesh.Sdk.Balancing;

/// <summary>
/// Where this process runs, for clusters that ask for locality-aware balancing
/// (<c>common_lb_config.locality_weighted_lb_config</c>).
/// </summary>
internal sealed record LocalityPreferenceOptions
{
    /// <summary>The default <see cref="MinimumHealthyShare"/>: 70 % of the local zone's endpoints healthy.</summary>
    public const double DefaultMinimumHealthyShare = 0.7;

    /// <summary>No local locality known: balancing spreads over all localities by their weights.</summary>
    public static LocalityPreferenceOptions None { get; } = new();

    /// <summary>This process's locality, usually the xDS node's; default unknown.</summary>
    public EndpointLocality Local { get; init; } = EndpointLocality.Unknown;

    /// <summary>
    /// The share of the local zone's endpoints that must be healthy for calls to stay in the zone;
    /// below it they spill over to every locality. Default <see cref="DefaultMinimumHealthyShare"/>.
    /// </summary>
    public double MinimumHealthyShare { get; init; } = DefaultMinimumHealthyShare;
}
