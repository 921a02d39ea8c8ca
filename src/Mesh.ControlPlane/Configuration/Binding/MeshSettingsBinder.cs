using Mesh.ControlPlane.Configuration.Yaml;

namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>Mesh.spec</c>; absent fields keep <see cref="MeshSpec.Default"/>.</summary>
internal static class MeshSettingsBinder
{
    public static MeshSpec? Bind(ConfigNode node, BindingScope scope)
    {
        var spec = NodeReader.Open(node, "spec", scope, "trustDomain", "mtls", "tracing", "defaults");
        if (spec is null)
        {
            return null;
        }

        var defaults = MeshSpec.Default;
        var trustDomain = spec.String("trustDomain") ?? defaults.TrustDomain;
        var mtls = spec.OneOf("mtls", false, "off", "permissive", "strict") switch
        {
            "permissive" => MtlsMode.Permissive,
            "strict" => MtlsMode.Strict,
            "off" => MtlsMode.Off,
            _ => defaults.Mtls,
        };

        var tracing = spec.Mapping("tracing", false, "samplingPercent");
        var sampling = tracing?.Number("samplingPercent", 0, 100) ?? defaults.TracingSamplingPercent;

        var meshDefaults = spec.Mapping("defaults", false, "timeout", "retries");
        var timeout = meshDefaults?.Duration("timeout");
        var retries = meshDefaults is null ? null : RetryPolicyBinder.Bind(meshDefaults);
        return new MeshSpec(trustDomain, mtls, sampling, timeout, retries);
    }
}
