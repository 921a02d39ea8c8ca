using Mesh.Identity.V1;
using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// <c>mesh.identity.v1.CertificateService</c> on the xDS listener: signs a workload's CSR for the one
/// SPIFFE ID its token grants. With <c>--auth off</c> nobody authenticates and any mesh identity is signed.
/// </summary>
internal sealed class CertificateService
{
    private readonly CertificateAuthority _authority;
    private readonly CallerAuthenticator _authenticator;
    private readonly Func<string> _trustDomain;
    private readonly ILogger _logger;

    public CertificateService(CertificateAuthority authority, CallerAuthenticator authenticator, Func<string> trustDomain, ILogger<CertificateService> logger)
    {
        _authority = authority;
        _authenticator = authenticator;
        _trustDomain = trustDomain;
        _logger = logger;
    }

    public async Task<CreateCertificateResponse> CreateCertificateAsync(CreateCertificateRequest request, ServerCallContext context)
    {
        var trustDomain = _trustDomain();
        var (wanted, error) = WantedIdentity(request.CsrPem);
        if (wanted is null)
        {
            throw Refuse(context, StatusCode.InvalidArgument, error!);
        }

        if (wanted.TrustDomain != trustDomain)
        {
            throw Refuse(context, StatusCode.PermissionDenied, $"the request asks for {wanted}, outside this mesh's trust domain {trustDomain}");
        }

        var identity = wanted;
        if (_authenticator.Mode == AuthMode.Required)
        {
            var token = CallerAuthenticator.BearerToken(context.RequestHeaders.GetValue("authorization"));
            var (grant, authError) = await _authenticator.AuthenticateAsync(token, context.CancellationToken).ConfigureAwait(false);
            if (grant is null)
            {
                throw Refuse(context, StatusCode.Unauthenticated, authError!);
            }

            identity = grant.IsAdmin ? wanted : grant.IdentityIn(trustDomain);
            if (identity is null || identity != wanted)
            {
                throw Refuse(context, StatusCode.PermissionDenied, $"the request asks for {wanted}; the caller's credentials grant only {grant}");
            }
        }

        var validity = request.Validity?.ToTimeSpan();
        var (issued, signError) = _authority.Sign(request.CsrPem, identity, validity);
        if (issued is null)
        {
            throw Refuse(context, StatusCode.InvalidArgument, signError!);
        }

        var response = new CreateCertificateResponse();
        response.CertChain.Add(issued.CertificatePem);
        response.TrustBundle.AddRange(issued.TrustBundle);
        return response;
    }

    private static (SpiffeId? Identity, string? Error) WantedIdentity(string csrPem)
    {
        var (request, uris, error) = CsrReader.Read(csrPem);
        if (request is null)
        {
            return (null, error);
        }

        if (uris.Length != 1)
        {
            return (null, $"the request must name exactly one URI SAN, the workload's SPIFFE ID; it names {uris.Length}");
        }

        return SpiffeId.TryParse(uris[0], out var id, out var parseError) ? (id, null) : (null, parseError);
    }

    private RpcException Refuse(ServerCallContext context, StatusCode code, string reason)
    {
        Log.CertificateRefused(_logger, context.Peer, code, reason);
        return new RpcException(new Status(code, reason));
    }
}
