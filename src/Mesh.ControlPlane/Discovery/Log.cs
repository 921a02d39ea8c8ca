using Mesh.ControlPlane.Translation;

namespace Mesh.ControlPlane.Discovery;

/// <summary>The discovery server's log messages; event ids 2000-2099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information,
        Message = "xDS client {NodeId} connected from {Peer} as {Kind} ({UserAgent}); its subscriptions are served from the current snapshot")]
    public static partial void ClientConnected(ILogger logger, string nodeId, string peer, ClientKind kind, string userAgent);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "xDS client {NodeId} at {Peer} disconnected; it is removed from the client registry")]
    public static partial void ClientDisconnected(ILogger logger, string nodeId, string peer);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug,
        Message = "xDS client {NodeId} accepted {TypeUrl} version {Version}")]
    public static partial void AckReceived(ILogger logger, string typeUrl, string version, string nodeId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "xDS client {NodeId} rejected {TypeUrl} version {Version} and keeps version {AckedVersion}; the same content is not resent. Client error: {Error}")]
    public static partial void NackReceived(ILogger logger, string typeUrl, string version, string nodeId, string ackedVersion, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug,
        Message = "Ignored a {TypeUrl} request from xDS client {NodeId} answering nonce {Nonce}, which is not the latest sent")]
    public static partial void StaleNonceIgnored(ILogger logger, string typeUrl, string nonce, string nodeId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug,
        Message = "Pushed {TypeUrl} version {Version} (nonce {Nonce}, {ResourceCount} resources) to xDS client {NodeId}; awaiting its ACK")]
    public static partial void ResponseSent(ILogger logger, string typeUrl, string version, string nonce, int resourceCount, string nodeId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug,
        Message = "Published mesh config generation {Generation} for environment '{Environment}'; connected clients receive the resources that changed")]
    public static partial void ConfigPublished(ILogger logger, long generation, string environment);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning,
        Message = "could not read the xDS clients of peer {Peer}; /clients leaves them out")]
    public static partial void PeerClientsUnread(ILogger logger, string peer);
}
