using Mesh.Identity.V1;
using Mesh.Xds.Grpc;

namespace Mesh.Xds;

/// <summary>
/// The gRPC methods of <c>mesh.identity.v1.CertificateService</c>, the control plane's certificate authority,
/// shared by the control plane that serves them and the SDK that calls them.
/// </summary>
public static class CertificateMethods
{
    private const string ServiceName = "mesh.identity.v1.CertificateService";

    /// <summary>Signs a workload's CSR: <c>CreateCertificate</c>.</summary>
    public static Method<CreateCertificateRequest, CreateCertificateResponse> CreateCertificate { get; } = new(
        MethodType.Unary,
        ServiceName,
        "CreateCertificate",
        CreateCertificateRequest.Parser,
        CreateCertificateResponse.Parser);
}
