using Microsoft.Extensions.Logging;

namespace Mesh.Xds.Grpc.Server;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "gRPC handler for {Method} threw; the call ends with status Unknown and the exception is not sent to the caller")]
    public static partial void HandlerThrew(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "gRPC call {Method} from {Peer} passed its deadline; ending it with DeadlineExceeded and cancelling the handler")]
    public static partial void DeadlineExceeded(ILogger logger, string method, string peer);

    [LoggerMessage(3, LogLevel.Debug, "gRPC call {Method} from {Peer} was cancelled by the caller; no status is sent")]
    public static partial void CancelledByCaller(ILogger logger, string method, string peer);

    [LoggerMessage(4, LogLevel.Warning, "gRPC call {Method} from {Peer} has an invalid grpc-timeout '{Timeout}'; the call runs without a deadline")]
    public static partial void InvalidTimeout(ILogger logger, string method, string peer, string timeout);

    [LoggerMessage(5, LogLevel.Debug, "gRPC call {Method} from {Peer} was rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string method, string peer, string reason);
}
