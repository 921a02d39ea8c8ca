using System.Collections.Immutable;
using Mesh.ControlPlane.Hosting;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Keeps the replicas' revocations alike. A token revoked through one replica's admin API is revoked on every peer
/// too; a starting replica takes its peers' revocations before it serves xDS, so a rolling restart keeps them even
/// where the replicas have no data directory; and every replica takes them again every <c>--peer-sync</c>, so one
/// that was unreachable when a token was revoked catches up.
/// </summary>
internal sealed class PeerRevocations
{
    public const string ListPath = "/tokens/revoked";
    public const string RevokePath = "/tokens/revoke";

    private readonly ReplicaPeers _peers;
    private readonly TokenRevocations _revocations;
    private readonly ILogger _logger;

    public PeerRevocations(ReplicaPeers peers, TokenRevocations revocations, ILogger<PeerRevocations> logger)
    {
        _peers = peers;
        _revocations = revocations;
        _logger = logger;
    }

    public bool HasPeers => !_peers.IsEmpty;

    /// <summary>This replica's ID, which a peer's answer carries so a replica that reaches itself can tell.</summary>
    public string Replica => _peers.Replica;

    /// <summary>The tokens revoked here that have not expired (<c>GET /tokens/revoked</c>).</summary>
    public RevokedTokens List() => new(_peers.Replica, [.. _revocations.Active().Select(entry => new RevokedToken(entry.Key, entry.Value))]);

    /// <summary>Revokes token <paramref name="id"/> on every peer: the addresses that took it, and those that did not answer.</summary>
    public async Task<(ImmutableArray<string> RevokedOn, ImmutableArray<string> Unreachable)> SpreadAsync(string id, long expiresAt, CancellationToken cancellationToken)
    {
        var revokedOn = ImmutableArray.CreateBuilder<string>();
        var unreachable = ImmutableArray.CreateBuilder<string>();
        var request = new TokenRevocation(null, id, expiresAt, FromPeer: true);
        foreach (var answer in await _peers.CallAllAsync<RevokeAnswer>(RevokePath, request, cancellationToken).ConfigureAwait(false))
        {
            if (answer.Value is null)
            {
                Log.RevocationNotSpread(_logger, id, answer.ToString());
                unreachable.Add(answer.ToString());
            }
            else
            {
                revokedOn.Add(answer.Address);
            }
        }

        return (revokedOn.ToImmutable(), unreachable.ToImmutable());
    }

    /// <summary>
    /// Every <paramref name="interval"/> until cancelled, takes the peers' revocations, so a replica that could not be
    /// reached when a token was revoked refuses it within one interval of being reachable again.
    /// </summary>
    public async Task FollowPeersAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                try
                {
                    await TakeFromPeersAsync(periodic: true, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The revocations file could not be written; the next sync tries again.
                    Log.PeerRevocationsNotKept(_logger, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
    }

    /// <summary>
    /// Revokes here every token a peer has revoked. A peer that does not answer is skipped and logged: as a warning at
    /// start, at debug level on the <paramref name="periodic"/> sync, which would otherwise repeat it every interval.
    /// </summary>
    public async Task TakeFromPeersAsync(bool periodic, CancellationToken cancellationToken)
    {
        var taken = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var answer in await _peers.CallAllAsync<RevokedTokens>(ListPath, null, cancellationToken).ConfigureAwait(false))
        {
            if (answer.Value is not { } list)
            {
                if (periodic)
                {
                    Log.PeerRevocationsUnreadAgain(_logger, answer.ToString());
                }
                else
                {
                    Log.PeerRevocationsUnread(_logger, answer.ToString());
                }

                continue;
            }

            foreach (var token in list.Revoked.Where(token => !_revocations.IsRevoked(token.Id)))
            {
                taken[token.Id] = token.ExpiresAt;
            }
        }

        if (taken.Count > 0)
        {
            _revocations.Revoke(taken);
            Log.RevocationsTaken(_logger, taken.Count);
        }
    }
}

/// <summary>The <c>GET /tokens/revoked</c> document, with the answering replica's ID.</summary>
internal sealed record RevokedTokens(string Replica, ImmutableArray<RevokedToken> Revoked) : IReplicaDocument;

/// <summary>One revoked token: its ID and when it would have expired (Unix seconds).</summary>
internal sealed record RevokedToken(string Id, long ExpiresAt);

/// <summary>What a peer's <c>POST /tokens/revoke</c> answers: the ID it revoked, and the peer's replica ID.</summary>
internal sealed record RevokeAnswer(string Revoked, string Replica) : IReplicaDocument;
