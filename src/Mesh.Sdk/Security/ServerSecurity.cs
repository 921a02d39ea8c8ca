using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace Mesh.Sdk.Security;

/// <summary>
/// What the control plane tells a server about its own inbound security, read from the service's listener:
/// <c>metadata.filter_metadata["mesh.dev"]</c> = <c>{ trustDomain, mtls }</c> and the RBAC HTTP filters.
/// </summary>
internal sealed record ServerSecurity(string TrustDomain, MtlsMode Mode, AccessRules? Rules)
{
    private const string MetadataNamespace = "mesh.dev";
    private const string RbacTypeUrl = "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC";

    /// <summary>The security of <paramref name="listener"/>, or null when it carries none.</summary>
    public static ServerSecurity? From(Listener listener)
    {
        if (listener.Metadata?.FilterMetadata.TryGetValue(MetadataNamespace, out var fields) != true)
        {
            return null;
        }

        var trustDomain = fields!.Fields.TryGetValue("trustDomain", out var domain) ? domain.StringValue : string.Empty;
        var mode = fields.Fields.TryGetValue("mtls", out var mtls) ? mtls.StringValue switch
        {
            "strict" => MtlsMode.Strict,
            "permissive" => MtlsMode.Permissive,
            _ => MtlsMode.Off,
        } : MtlsMode.Off;

        var filters = new List<HttpRbac>();
        if (listener.ApiListener?.ApiListener_ is { } any && any.TypeUrl.EndsWith(HttpConnectionManager.Descriptor.FullName, StringComparison.Ordinal))
        {
            try
            {
                foreach (var filter in HttpConnectionManager.Parser.ParseFrom(any.Value).HttpFilters)
                {
                    if (filter.TypedConfig?.TypeUrl == RbacTypeUrl)
                    {
                        filters.Add(HttpRbac.Parser.ParseFrom(filter.TypedConfig.Value));
                    }
                }
            }
            catch (InvalidProtocolBufferException)
            {
                // The listener passed validation; a filter that does not decode leaves the server without rules.
            }
        }

        return trustDomain.Length == 0 ? null : new ServerSecurity(trustDomain, mode, AccessRules.From(filters));
    }
}
