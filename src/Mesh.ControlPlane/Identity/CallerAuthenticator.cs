namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Turns a bearer token into what its caller may do: the admin token, a mesh workload token, or (when
/// mesh-cp knows a Kubernetes API server) a projected service-account token checked by TokenReview.
/// </summary>
internal sealed class CallerAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    private readonly AdminToken _admin;
    private readonly WorkloadTokens _tokens;
    private readonly KubernetesTokenReviewer? _kubernetes;

    public CallerAuthenticator(AuthMode mode, AdminToken admin, WorkloadTokens tokens, KubernetesTokenReviewer? kubernetes)
    {
        Mode = mode;
        _admin = admin;
        _tokens = tokens;
        _kubernetes = kubernetes;
    }

    public AuthMode Mode { get; }

    /// <summary>The token in an <c>authorization: Bearer …</c> header value, or null.</summary>
    public static string? BearerToken(string? header) =>
        header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && header.Length > BearerPrefix.Length
            ? header[BearerPrefix.Length..].Trim()
            : null;

    /// <summary>What <paramref name="token"/> grants, or why it grants nothing.</summary>
    public async ValueTask<(CallerGrant? Grant, string? Error)> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, "no credentials: send 'authorization: Bearer TOKEN' with a token from 'mesh token create' or a Kubernetes service-account token");
        }

        if (_admin.Matches(token))
        {
            return (CallerGrant.Admin, null);
        }

        var (identity, error, revoked) = _tokens.Validate(token);
        if (identity is not null)
        {
            return (new CallerGrant(false, identity, null, null) { Revoked = revoked }, null);
        }

        if (_kubernetes is not null && error == "not a mesh workload token")
        {
            var (ns, account, reviewError) = await _kubernetes.ReviewAsync(token, cancellationToken).ConfigureAwait(false);
            return ns is not null ? (new CallerGrant(false, null, ns, account), null) : (null, reviewError);
        }

        return (null, error);
    }
}
