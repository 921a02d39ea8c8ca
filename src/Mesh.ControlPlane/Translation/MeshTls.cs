using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// The mesh's TLS in xDS terms: a cluster's <c>UpstreamTlsContext</c> (the workload certificate from the
/// <c>mesh</c> certificate provider instance, the mesh roots, and the SPIFFE ID the upstream must present),
/// and the listener metadata that tells a server its mTLS mode and trust domain.
/// </summary>
internal static class MeshTls
{
    public const string TransportSocketName = "envoy.transport_sockets.tls";
    public const string MetadataNamespace = "mesh.dev";
    public const string CertificateProviderInstance = "mesh";
    public const string RootCertificateName = "ROOTCA";
    public const string WorkloadCertificateName = "default";

    /// <summary>The SPIFFE ID a service's workloads present: its service account, which defaults to the service name.</summary>
    public static string Identity(MeshSpec mesh, ResourceMetadata service) =>
        $"spiffe://{mesh.TrustDomain}/ns/{service.Namespace}/sa/{service.Name}";

    /// <summary>
    /// The transport socket for clusters of <paramref name="service"/>, or null when mTLS is off or the
    /// client would not honour it (gRPC proxyless clients need certificate providers in their bootstrap).
    /// </summary>
    public static TransportSocket? UpstreamSocket(MeshSpec mesh, ResourceMetadata service, ClientProfile profile)
    {
        if (mesh.Mtls == MtlsMode.Off || !profile.SupportsMeshTls)
        {
            return null;
        }

        var validation = new CertificateValidationContext
        {
            CaCertificateProviderInstance = new CertificateProviderPluginInstance
            {
                InstanceName = CertificateProviderInstance,
                CertificateName = RootCertificateName,
            },
        };
        validation.MatchTypedSubjectAltNames.Add(new SubjectAltNameMatcher
        {
            SanType = SubjectAltNameMatcher.Types.SanType.Uri,
            Matcher = new StringMatcher { Exact = Identity(mesh, service) },
        });

        var context = new UpstreamTlsContext
        {
            CommonTlsContext = new CommonTlsContext
            {
                TlsCertificateProviderInstance = new CertificateProviderPluginInstance
                {
                    InstanceName = CertificateProviderInstance,
                    CertificateName = WorkloadCertificateName,
                },
                ValidationContext = validation,
            },
        };
        return new TransportSocket { Name = TransportSocketName, TypedConfig = Any.Pack(context) };
    }

    /// <summary>
    /// <c>filter_metadata["mesh.dev"]</c> = <c>{ trustDomain, mtls }</c> for a service's own listener: the service's
    /// own <c>spec.mtls</c> where it sets one, else the mesh's.
    /// </summary>
    public static Metadata ListenerMetadata(MeshSpec mesh, MtlsMode? serviceMode)
    {
        var fields = new Struct();
        fields.Fields["trustDomain"] = Value.ForString(mesh.TrustDomain);
        fields.Fields["mtls"] = Value.ForString((serviceMode ?? mesh.Mtls).ToString().ToLowerInvariant());
        var metadata = new Metadata();
        metadata.FilterMetadata[MetadataNamespace] = fields;
        return metadata;
    }
}
