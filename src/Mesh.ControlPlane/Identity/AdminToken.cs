using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// The admin API's bearer token: random, generated on first start and kept in <c>DATA-DIR/admin.token</c>
/// (mode 0600) for the <c>mesh</c> CLI and tools running as the same user; or one every replica shares, read from
/// <c>--secrets-dir</c>.
/// </summary>
internal sealed class AdminToken
{
    public const string FileName = "admin.token";

    private const int MinimumSharedLength = 32;

    private readonly byte[] _value;

    private AdminToken(string value)
    {
        Value = value;
        _value = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The token.</summary>
    public string Value { get; }

    /// <summary>Where the token is kept.</summary>
    public string? Path { get; private init; }

    /// <summary>
    /// The token in <paramref name="sharedDirectory"/> (<c>--secrets-dir</c>) when it holds one, else the one in
    /// <paramref name="directory"/>, created there on first use.
    /// </summary>
    public static AdminToken LoadOrCreate(string directory, string? sharedDirectory = null)
    {
        if (sharedDirectory is not null && System.IO.Path.Combine(sharedDirectory, FileName) is var shared && File.Exists(shared))
        {
            var value = File.ReadAllText(shared).Trim();
            return value.Length >= MinimumSharedLength
                ? new AdminToken(value) { Path = shared }
                : throw new InvalidDataException($"{shared}: the admin token must be at least {MinimumSharedLength} characters, such as the output of 'openssl rand -hex 32'.");
        }

        var path = System.IO.Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            return new AdminToken(File.ReadAllText(path).Trim()) { Path = path };
        }

        var token = new AdminToken("mesh-admin." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))) { Path = path };
        SecretFiles.EnsureDirectory(directory);
        SecretFiles.WriteSecret(path, token.Value + "\n");
        return token;
    }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _value);
}
