using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Workload tokens: JWTs (HS256) signed by this control plane, each scoped to one SPIFFE ID and expiring.
/// The signing key is generated once and kept under <c>--data-dir</c> (mode 0600), so tokens survive restarts.
/// </summary>
internal sealed class WorkloadTokens
{
    public const string Issuer = "mesh-cp";
    public const string KeyFileName = "token.key";

    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public WorkloadTokens(byte[] key, TimeProvider time)
    {
        _key = key;
        _time = time;
    }

    /// <summary>The key in <paramref name="directory"/>, created there on first use; a fresh in-memory key without a directory.</summary>
    public static byte[] LoadOrCreateKey(string? directory)
    {
        if (directory is null)
        {
            return RandomNumberGenerator.GetBytes(32);
        }

        var path = Path.Combine(directory, KeyFileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(32);
        SecretFiles.EnsureDirectory(directory);
        SecretFiles.WriteSecret(path, Convert.ToBase64String(key));
        return key;
    }

    /// <summary>A token granting <paramref name="identity"/> for <paramref name="lifetime"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Create(SpiffeId identity, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        var claims = new TokenClaims(Issuer, identity.ToString(), Issuer, now.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, IdentityJson.Default.TokenClaims));
        var signed = Header + "." + payload;
        return (signed + "." + Base64Url.EncodeToString(Sign(signed)), expires);
    }

    /// <summary>
    /// The identity <paramref name="token"/> grants, or null with the reason when it is not one of ours, was
    /// tampered with or has expired.
    /// </summary>
    public (SpiffeId? Identity, string? Error) Validate(string token)
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

        if (claims is null || claims.Audience != Issuer || claims.Issuer != Issuer)
        {
            return (null, "the token was not issued for mesh-cp");
        }

        if (_time.GetUtcNow().ToUnixTimeSeconds() >= claims.ExpiresAt)
        {
            return (null, $"the token expired at {DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt):u}");
        }

        return SpiffeId.TryParse(claims.Subject, out var identity, out var error) ? (identity, null) : (null, error);
    }

    private byte[] Sign(string signed) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));
}

/// <summary>The claims of a workload token.</summary>
internal sealed record TokenClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("aud")] string Audience,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt);
