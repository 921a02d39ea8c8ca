using Envoy.Config.Core.V3;

namespace Mesh.ControlPlane.Translation;

/// <summary>The config source every RDS and EDS reference uses: the client's own ADS stream, v3 resources.</summary>
internal static class ConfigSources
{
    public static ConfigSource Ads() => new()
    {
        Ads = new AggregatedConfigSource(),
        ResourceApiVersion = ApiVersion.V3,
    };
}
