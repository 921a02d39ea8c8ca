using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Security;

/// <summary>Workload identity, mTLS and access policy log messages; event ids 6100-6199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Information,
        Message = "workload certificate for {Identity} in use, valid until {NotAfter:u}; renewing at {RefreshAt:u}")]
    public static partial void CertificateRotated(ILogger logger, string identity, DateTimeOffset notAfter, DateTimeOffset refreshAt);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "workload certificate for {Identity} not issued: {Reason}; retrying in {DelayMs} ms (the current certificate, if any, keeps serving)")]
    public static partial void CertificateFetchFailed(ILogger logger, string identity, string reason, long delayMs);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning,
        Message = "plaintext request {Method} {Path} from {Peer} refused: mTLS is strict for this service; only health probes may be plaintext")]
    public static partial void PlaintextRefused(ILogger logger, string peer, string method, string path);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning,
        Message = "mTLS client certificate from {Peer} refused: {Reason}")]
    public static partial void ClientCertificateRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning,
        Message = "mTLS to {Endpoint} refused: {Reason}")]
    public static partial void ServerCertificateRefused(ILogger logger, string endpoint, string reason);

    /// <summary>The audit event of a refused request: who called, what, and why it was refused.</summary>
    [LoggerMessage(EventId = 6150, EventName = "AccessDenied", Level = LogLevel.Warning,
        Message = "access denied: {Caller} may not {Method} {Path} on {Service}: {Reason}")]
    public static partial void AccessDenied(ILogger logger, string caller, string method, string path, string service, string reason);
}
