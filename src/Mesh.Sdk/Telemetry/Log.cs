using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Telemetry;

/// <summary>The telemetry area's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Exporting mesh metrics and spans over OTLP to {Endpoint} ({Protocol}) as service '{Service}'.")]
    public static partial void OtlpExporting(ILogger logger, Uri endpoint, string protocol, string service);
}
