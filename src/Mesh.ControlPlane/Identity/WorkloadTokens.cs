using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Workload tokens: JWTs (HS256) signed by this control plane, each scoped to one SPIFFE ID, expiring, and named by
/// a random ID (<c>jti</c>) so it can be revoked before it expires. The signing key is generated once and kept under
/// <c>--data-dir</c> (mode 0600), so tokens survive restarts.
/// </summary>
internal sealed class WorkloadTokens
{
    public const string Issuer = "mesh-cp";
    public const string KeyFileName = "token.key";

    // Generated keys are this long, and a shared one at least as long.
    private const int KeyBytes = 32;
    private const int IdBytes = 12;
    private const int IdLength = 16;
    private const string HashIdPrefix = "sha256:";

    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TokenRevocations _revocations;

    public WorkloadTokens(byte[] key, TimeProvider time, TokenRevocations? revocations = null)
    {
        _key = key;
        _time = time;
        _revocations = revocations ?? new TokenRevocations(null, time);
    }

    /// <summary>
    /// The key in <paramref name="sharedDirectory"/> (<c>--secrets-dir</c>) when it holds one, else the one in
    /// <paramref name="directory"/>, created there on first use; a fresh in-memory key without either.
    /// </summary>
    public static byte[] LoadOrCreateKey(string? directory, string? sharedDirectory = null)
    {
        if (sharedDirectory is not null && Path.Combine(sharedDirectory, KeyFileName) is var shared && File.Exists(shared))
        {
            byte[] sharedKey;
            try
            {
                sharedKey = Convert.FromBase64String(File.ReadAllText(shared).Trim());
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{shared}: the token key is not base64; make one with 'openssl rand -base64 32'.");
            }

            return sharedKey.Length >= KeyBytes
                ? sharedKey
                : throw new InvalidDataException($"{shared}: the token key is {sharedKey.Length} bytes; it needs at least {KeyBytes} ('openssl rand -base64 32').");
        }

        if (directory is null)
        {
            return RandomNumberGenerator.GetBytes(KeyBytes);
        }

        var path = Path.Combine(directory, KeyFileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        SecretFiles.EnsureDirectory(directory);
        SecretFiles.WriteSecret(path, Convert.ToBase64String(key));
        return key;
    }

    /// <summary>A token granting <paramref name="identity"/> for <paramref name="lifetime"/>.</summary>
    public IssuedToken Create(SpiffeId identity, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        var claims = new TokenClaims(Issuer, identity.ToString(), Issuer, now.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds(), id);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, IdentityJson.Default.TokenClaims));
        var signed = Header + "." + payload;
        return new IssuedToken(signed + "." + Base64Url.EncodeToString(Sign(signed)), id, expires);
    }

    /// <summary>
    /// The identity <paramref name="token"/> grants, with a cancellation token that fires when it is revoked (for
    /// calls that stay open on it), or null with the reason when it is not one of ours, was tampered with, has
    /// expired or was revoked.
    /// </summary>
    public (SpiffeId? Identity, string? Error, CancellationToken Revoked) Validate(string token)
    {
        var (claims, error) = Read(token);
        if (claims is null)
        {
            return (null, error, default);
        }

        if (_time.GetUtcNow().ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            return (null, $"the token expired at {DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt):u}", default);
        }

        var id = IdOf(token, claims);
        if (_revocations.IsRevoked(id))
        {
            return (null, "the token was revoked", default);
        }

        return SpiffeId.TryParse(claims.Subject, out var identity, out var parseError)
            ? (identity, null, _revocations.WhenRevoked(id, claims.ExpiresAt))
            : (null, parseError, default);
    }

    /// <summary>
    /// Revokes <paramref name="token"/>, which must be one of this control plane's; returns its ID and expiry, or the
    /// reason it cannot be revoked.
    /// </summary>
    public (string? Id, DateTimeOffset ExpiresAt, string? Error) Revoke(string token)
    {
        var (claims, error) = Read(token);
        if (claims is null)
        {
            return (null, default, error);
        }

        var id = IdOf(token, claims);
        _revocations.Revoke(id, claims.ExpiresAt);
        return (id, DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt), null);
    }

    /// <summary>
    /// Revokes the token named <paramref name="id"/>, as <c>mesh token create</c> printed it, which expires at
    /// <paramref name="expiresAt"/> (Unix seconds) when known; returns why not when <paramref name="id"/> cannot be a
    /// token ID.
    /// </summary>
    public string? RevokeId(string id, long expiresAt = long.MaxValue)
    {
        if (!IsTokenId(id))
        {
            return $"'{id}' is not a token ID: IDs are the {IdLength} characters 'mesh token create' printed after 'token'";
        }

        _revocations.Revoke(id, expiresAt);
        return null;
    }

    private static bool IsTokenId(string id) =>
        (id.Length == IdLength && Base64Url.IsValid(id, out var bytes) && bytes == IdBytes) ||
        (id.StartsWith(HashIdPrefix, StringComparison.Ordinal) && id.Length == HashIdPrefix.Length + 64 && !id.AsSpan(HashIdPrefix.Length).ContainsAnyExcept("0123456789abcdef"));

    // A token issued before tokens carried an ID is named by the hash of its text.
    private static string IdOf(string token, TokenClaims claims) =>
        claims.Id ?? HashIdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    // The claims of a token this control plane signed, whether or not it is still valid.
    private (TokenClaims? Claims, string? Error) Read(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header)
        {
            return (null, "not a mesh workload token");
        }

        byte[] signature;
        byte[] payload;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payload = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return (null, "the token is not base64url");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return (null, "the token's signature does not match this control plane's key");
        }

        TokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize(payload, IdentityJson.Default.TokenClaims);
        }
        catch (JsonException)
        {
            return (null, "the token's claims do not decode");
        }

        return claims is null || claims.Audience != Issuer || claims.Issuer != Issuer
            ? (null, "the token was not issued for mesh-cp")
            : (claims, null);
    }

    private byte[] Sign(string signed) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));
}

/// <summary>The claims of a workload token.</summary>
internal sealed record TokenClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("aud")] string Audience,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt,
    [property: JsonPropertyName("jti")] string? Id = null);

/// <summary>A workload token as issued: its text, its ID (to revoke it by) and when it expires.</summary>
internal sealed record IssuedToken(string Token, string Id, DateTimeOffset ExpiresAt)
{
    public void Deconstruct(out string token, out DateTimeOffset expiresAt)
    {
        token = Token;
        expiresAt = ExpiresAt;
    }
}
