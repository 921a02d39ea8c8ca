
namespace Mesh.SidecarFallback;

/// <summary>The sidecar's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information,
        Message = "mesh-sidecar for service '{Service}' listening: outbound={Outbound} inbound={Inbound} admin={Admin} app=127.0.0.1:{AppPort} control-plane={ControlPlane}.")]
    public static partial void Listening(ILogger logger, string service, string outbound, string inbound, string admin, int appPort, string controlPlane);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning,
        Message = "Could not reach {Destination}: {Reason}. The caller gets 502 (504 on timeout).")]
    public static partial void UpstreamFailed(ILogger logger, Uri destination, string reason);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Debug,
        Message = "The caller went away before {Destination} answered; the upstream call is cancelled.")]
    public static partial void CallerGone(ILogger logger, Uri destination);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information,
        Message = "Refused an outbound request: {Reason}")]
    public static partial void OutboundRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Debug,
        Message = "Upgraded a connection to {Host}{Path}; bytes now pass through opaque in both directions.")]
    public static partial void Upgraded(ILogger logger, string host, string path);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information,
        Message = "The request body for {Destination} could not be read: {Reason}. The caller gets a 4xx.")]
    public static partial void BadRequestBody(ILogger logger, Uri destination, string reason);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Information,
        Message = "Ready: the config of '{Listener}' is in place.")]
    public static partial void Ready(ILogger logger, string listener);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Information,
        Message = "Stopping: /ready now answers 503 and in-flight requests drain for up to {Seconds} s.")]
    public static partial void Draining(ILogger logger, double seconds);
}
