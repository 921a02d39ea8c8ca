using Envoy.Config.Core.V3;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// The config sources resources point at: the client's own ADS stream (every RDS and EDS reference), and the
/// server that sent the resource (a cluster's <c>lrs_server</c>).
/// </summary>
internal static class ConfigSources
{
    public static ConfigSource Ads() => new()
    {
        Ads = new AggregatedConfigSource(),
        ResourceApiVersion = ApiVersion.V3,
    };

    public static ConfigSource Self() => new()
    {
        Self = new SelfConfigSource { TransportApiVersion = ApiVersion.V3 },
    };
}
