using System.Text.Json.Serialization;
using Mesh.ControlPlane.Configuration.Binding;
using Mesh.ControlPlane.Sources;

namespace Mesh.ControlPlane.Identity;

/// <summary>Admin API for identity: issue and revoke workload tokens, read the trust bundle, rotate the root.</summary>
internal static class IdentityEndpoints
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>The dashboard link that signs a browser in (<c>/dashboard?token=</c>) at <paramref name="adminAddress"/>.</summary>
    public static string LoginUrl(string adminAddress, AdminToken token) =>
        $"http://{adminAddress}{Admin.DashboardLogin.Path}?{Admin.DashboardLogin.TokenParameter}={Uri.EscapeDataString(token.Value)}";

    public static void MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tokens", (TokenRequest request, WorkloadTokens tokens, ConfigStore store, ILoggerFactory loggers) =>
        {
            var trustDomain = store.Current?.Config.Mesh.TrustDomain;
            var asked = request.Identity ?? (request.ServiceAccount is { } account && trustDomain is not null
                ? new SpiffeId(trustDomain, request.Namespace ?? "default", account).ToString()
                : null);
            if (!SpiffeId.TryParse(asked, out var identity, out var error))
            {
                return Results.BadRequest(new { error = "identity: " + error });
            }

            if (trustDomain is not null && identity.TrustDomain != trustDomain)
            {
                return Results.BadRequest(new { error = $"identity: {identity} is outside this mesh's trust domain {trustDomain}" });
            }

            var lifetime = DefaultTokenLifetime;
            if (request.Ttl is { } ttl && !DurationParser.TryParse(ttl, out lifetime))
            {
                return Results.BadRequest(new { error = $"ttl: '{ttl}' is not a duration like 30m, 24h or 720h" });
            }

            if (lifetime <= TimeSpan.Zero)
            {
                return Results.BadRequest(new { error = $"ttl: must be positive, got '{request.Ttl}'" });
            }

            var issued = tokens.Create(identity, lifetime);
            Log.TokenIssued(loggers.CreateLogger("Mesh.ControlPlane.Identity"), identity.ToString(), issued.Id, issued.ExpiresAt);
            return Results.Json(new { token = issued.Token, id = issued.Id, identity = identity.ToString(), expiresAt = issued.ExpiresAt });
        });

        endpoints.MapPost(PeerRevocations.RevokePath, async (TokenRevocation request, WorkloadTokens tokens, PeerRevocations peers, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var logger = loggers.CreateLogger("Mesh.ControlPlane.Identity");
            string id;
            long expiresAt;
            if (request.Token is { Length: > 0 } token)
            {
                var (revoked, expires, error) = tokens.Revoke(token);
                if (revoked is null)
                {
                    return Results.BadRequest(new { error = "token: " + error });
                }

                (id, expiresAt) = (revoked, expires.ToUnixTimeSeconds());
            }
            else if (request.Id is { Length: > 0 } named)
            {
                if (tokens.RevokeId(named, request.ExpiresAt ?? long.MaxValue) is { } refusal)
                {
                    return Results.BadRequest(new { error = "id: " + refusal });
                }

                (id, expiresAt) = (named, request.ExpiresAt ?? long.MaxValue);
            }
            else
            {
                return Results.BadRequest(new { error = "give the token to revoke as 'token', or its ID as 'id'" });
            }

            Log.TokenRevoked(logger, id);
            DateTimeOffset? expiry = expiresAt == long.MaxValue ? null : DateTimeOffset.FromUnixTimeSeconds(expiresAt);
            if (request.FromPeer)
            {
                return Results.Json(new { revoked = id, expiresAt = expiry, replica = peers.Replica });
            }

            if (!peers.HasPeers)
            {
                return Results.Json(new { revoked = id, expiresAt = expiry });
            }

            // Revoked here first: a peer that does not answer leaves the token revoked on this replica and is named.
            var (revokedOn, unreachable) = await peers.SpreadAsync(id, expiresAt, cancellationToken).ConfigureAwait(false);
            return Results.Json(new { revoked = id, expiresAt = expiry, peers = new { revokedOn, unreachable } });
        });

        endpoints.MapGet(PeerRevocations.ListPath, (PeerRevocations peers) => Results.Json(peers.List()));

        endpoints.MapGet("/ca/bundle", (CertificateAuthority authority) => Results.Text(string.Join("\n", authority.TrustBundle()), "application/x-pem-file"));

        endpoints.MapPost("/ca/rotate", (CertificateAuthority authority) =>
            authority.Rotate() is { } refusal
                ? Results.Json(new { error = refusal }, statusCode: StatusCodes.Status409Conflict)
                : Results.Json(new { rotating = true, signsFrom = authority.NextSigningFrom, roots = authority.TrustBundle().Length }));
    }
}

/// <summary>
/// The body of <c>POST /tokens</c>: an <c>identity</c> (a SPIFFE ID), or a <c>serviceAccount</c> (and optional
/// <c>namespace</c>, default <c>default</c>) in the mesh's trust domain; <c>ttl</c> defaults to 24h.
/// </summary>
internal sealed record TokenRequest(
    [property: JsonPropertyName("identity")] string? Identity,
    [property: JsonPropertyName("ttl")] string? Ttl,
    [property: JsonPropertyName("namespace")] string? Namespace = null,
    [property: JsonPropertyName("serviceAccount")] string? ServiceAccount = null);

/// <summary>The body of <c>POST /tokens/revoke</c>: the <c>token</c> itself, or its <c>id</c> as <c>POST /tokens</c> returned it.</summary>
internal sealed record TokenRevocation(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("expiresAt")] long? ExpiresAt = null,
    [property: JsonPropertyName("fromPeer")] bool FromPeer = false);
