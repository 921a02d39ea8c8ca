using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Telemetry;

/// <summary>The telemetry area's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Exporting mesh metrics and spans over OTLP to {Endpoint} ({Protocol}) as service '{Service}'.")]
    public static partial void OtlpExporting(ILogger logger, Uri endpoint, string protocol, string service);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information,
        Message = "Reporting load to {ControlPlane} every {IntervalMs} ms.")]
    public static partial void LoadReporting(ILogger logger, Uri controlPlane, long intervalMs);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug,
        Message = "Load report stream to {ControlPlane} ended ({Reason}); calls are counted meanwhile and reported after reconnecting.")]
    public static partial void LoadReportStreamFailed(ILogger logger, Uri controlPlane, string reason);
}
