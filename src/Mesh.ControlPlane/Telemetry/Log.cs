namespace Mesh.ControlPlane.Telemetry;

/// <summary>The telemetry area's log messages; event ids 7000-7099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Debug,
        Message = "Load reports from {NodeId} (service {Caller}) at {Peer} start; they feed /stats and the dashboard")]
    public static partial void ReporterConnected(ILogger logger, string nodeId, string caller, string peer);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug,
        Message = "Load reports from {NodeId} ended")]
    public static partial void ReporterDisconnected(ILogger logger, string nodeId);
}
