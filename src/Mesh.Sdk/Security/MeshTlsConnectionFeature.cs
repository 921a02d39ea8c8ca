using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sdk.Security;

/// <summary>What Kestrel and the app learn about a connection the mesh terminated TLS on: the caller's certificate and the ALPN protocol.</summary>
internal sealed class MeshTlsConnectionFeature(X509Certificate2? clientCertificate, ReadOnlyMemory<byte> applicationProtocol)
    : ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    public X509Certificate2? ClientCertificate { get; set; } = clientCertificate;

    public ReadOnlyMemory<byte> ApplicationProtocol { get; } = applicationProtocol;

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
}
