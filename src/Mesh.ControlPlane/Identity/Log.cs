using Mesh.Xds.Grpc;

namespace Mesh.ControlPlane.Identity;

/// <summary>The certificate authority's and caller authentication's log messages; event ids 6000-6099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "CA root {Subject} generated and kept in {Directory} (key mode 0600)")]
    public static partial void RootGenerated(ILogger logger, string subject, string directory);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "CA root {Subject} loaded from {Directory}; valid until {NotAfter:u}")]
    public static partial void RootLoaded(ILogger logger, string subject, string directory, DateTime notAfter);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning,
        Message = "CA root generated in memory: without --data-dir it is lost at exit and workloads must fetch new certificates after a restart")]
    public static partial void RootInMemory(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning,
        Message = "CA root rotated: {Subject} signs from now on; the previous root stays in the trust bundle for {Overlap}")]
    public static partial void RootRotated(ILogger logger, string subject, TimeSpan overlap);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning,
        Message = "CA key file {Path} is readable by other users; restrict it with chmod 600 (a Kubernetes Secret volume: defaultMode 0400)")]
    public static partial void KeyFileExposed(ILogger logger, string path);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information,
        Message = "certificate issued for {Identity}, valid until {NotAfter:u}")]
    public static partial void CertificateIssued(ILogger logger, string identity, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning,
        Message = "certificate refused to {Peer} with {Code}: {Reason}")]
    public static partial void CertificateRefused(ILogger logger, string peer, StatusCode code, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning,
        Message = "{Api} call to {Path} from {Peer} refused: {Reason}")]
    public static partial void CallRefused(ILogger logger, string api, string path, string peer, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information,
        Message = "workload token {TokenId} issued for {Identity}, expiring {ExpiresAt:u}")]
    public static partial void TokenIssued(ILogger logger, string identity, string tokenId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning,
        Message = "authentication is off (--auth off): anyone who reaches the xDS and admin listeners gets config and certificates for any identity")]
    public static partial void AuthOff(ILogger logger);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information,
        Message = "admin API on loopback: open {LoginUrl} for the dashboard (the admin token is in {TokenFile})")]
    public static partial void AdminLogin(ILogger logger, string loginUrl, string tokenFile);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning,
        Message = "workload token {TokenId} revoked: it opens no new xDS stream, certificate request or load report")]
    public static partial void TokenRevoked(ILogger logger, string tokenId);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Error,
        Message = "the CA root is due for rotation but could not be saved: {Reason}; retrying in an hour")]
    public static partial void RootRotationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Warning,
        Message = "CA root rotation started: {Subject} is in the trust bundle now and signs from {SignsFrom:u}, once every workload has renewed and trusts it")]
    public static partial void RootStaged(ILogger logger, string subject, DateTimeOffset signsFrom);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning,
        Message = "xDS call to {Path} from {Peer} as {Caller} closed: its workload token was revoked")]
    public static partial void CallClosedOnRevocation(ILogger logger, string path, string peer, string caller);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Warning,
        Message = "token {TokenId} was not revoked on peer {Peer}; it stays valid there until that replica takes the revocation (at its restart) or the token expires")]
    public static partial void RevocationNotSpread(ILogger logger, string tokenId, string peer);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Warning,
        Message = "could not read the revocations of peer {Peer}")]
    public static partial void PeerRevocationsUnread(ILogger logger, string peer);

    [LoggerMessage(EventId = 6017, Level = LogLevel.Information,
        Message = "took {Count} token revocation(s) from the peers")]
    public static partial void RevocationsTaken(ILogger logger, int count);

    [LoggerMessage(EventId = 6018, Level = LogLevel.Debug,
        Message = "could not read the revocations of peer {Peer} on the periodic sync")]
    public static partial void PeerRevocationsUnreadAgain(ILogger logger, string peer);

    [LoggerMessage(EventId = 6019, Level = LogLevel.Error,
        Message = "could not keep the revocations taken from the peers: {Reason}; retrying at the next sync")]
    public static partial void PeerRevocationsNotKept(ILogger logger, string reason);
}
