using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Workload tokens revoked before they expire, by token ID. Kept in <c>DATA-DIR/revoked-tokens</c> (one
/// <c>ID EXPIRES</c> line each, <c>EXPIRES</c> in Unix seconds) so a restart keeps them; a line goes once its token
/// has expired, as the token then grants nothing anyway. Without a data directory they last as long as the process.
/// Calls that stay open on a token (xDS and load-report streams) watch it through <see cref="WhenRevoked"/>, so a
/// revocation closes them too instead of waiting for their next reconnect.
/// </summary>
internal sealed class TokenRevocations
{
    public const string FileName = "revoked-tokens";

    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private volatile ImmutableDictionary<string, long> _revoked;

    public TokenRevocations(string? directory, TimeProvider time)
    {
        _path = directory is null ? null : Path.Combine(directory, FileName);
        _time = time;
        _revoked = _path is not null && File.Exists(_path) ? Read(_path) : ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);
    }

    public bool IsRevoked(string id) => _revoked.ContainsKey(id);

    /// <summary>The revoked tokens that have not expired yet, by ID, each with its expiry (Unix seconds).</summary>
    public IEnumerable<KeyValuePair<string, long>> Active()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return _revoked.Where(entry => entry.Value > now);
    }

    /// <summary>
    /// A cancellation token that fires when token <paramref name="id"/> (expiring at <paramref name="expiresAt"/>, Unix
    /// seconds) is revoked; already cancelled when it is. One watch per token ID serves every call open on it, and
    /// a watch goes once its token has expired.
    /// </summary>
    public CancellationToken WhenRevoked(string id, long expiresAt)
    {
        if (!_watches.TryGetValue(id, out var watch))
        {
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            foreach (var (expiredId, expired) in _watches)
            {
                if (expired.ExpiresAt <= now)
                {
                    _watches.TryRemove(expiredId, out _);
                }
            }

            watch = _watches.GetOrAdd(id, static (_, expires) => new Watch(new CancellationTokenSource(), expires), expiresAt);
        }

        // Revoke marks the ID before it signals the watch, so a watch made after that signal is caught here.
        return IsRevoked(id) ? new CancellationToken(canceled: true) : watch.Source.Token;
    }

    /// <summary>Revokes token <paramref name="id"/>, which expires at <paramref name="expiresAt"/> (Unix seconds; <see cref="long.MaxValue"/> when unknown).</summary>
    public void Revoke(string id, long expiresAt) => Revoke([KeyValuePair.Create(id, expiresAt)]);

    /// <summary>Revokes each token ID with its expiry, writing the file once for all of them.</summary>
    public void Revoke(IReadOnlyCollection<KeyValuePair<string, long>> tokens)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var revoked = _revoked.RemoveRange(_revoked.Where(entry => entry.Value <= now).Select(entry => entry.Key)).SetItems(tokens);
            if (_path is not null)
            {
                SecretFiles.WriteSecret(_path, string.Concat(revoked.Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {entry.Value}\n"))));
            }

            _revoked = revoked;
        }

        foreach (var (id, _) in tokens)
        {
            if (_watches.TryRemove(id, out var watch))
            {
                watch.Source.Cancel();
            }
        }
    }

    private static ImmutableDictionary<string, long> Read(string path)
    {
        var revoked = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 2 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
            {
                throw new InvalidDataException($"{path}:{number}: expected 'TOKEN-ID EXPIRES-UNIX-SECONDS', got '{line}'.");
            }

            revoked[fields[0]] = expiresAt;
        }

        return revoked.ToImmutable();
    }

    private sealed record Watch(CancellationTokenSource Source, long ExpiresAt);
}
