using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Resilience;

/// <summary>The resilience area's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Endpoint {Endpoint} is ejected for {EjectionMs} ms ({Reason}); calls go to the cluster's other endpoints until it returns.")]
    public static partial void Ejected(ILogger logger, string endpoint, string reason, long ejectionMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "Cluster '{Cluster}' is at its {Limit} circuit-breaker limit; the call is answered 503 (UO) without being sent.")]
    public static partial void Overflow(ILogger logger, string cluster, string limit);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug,
        Message = "Try {Attempt} on {Endpoint} failed; retrying on another endpoint after back-off.")]
    public static partial void Retrying(ILogger logger, string endpoint, int attempt);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "HttpClient '{Client}' also has {Handler}, which retries too: retries multiply (mesh retries × its retries). The mesh enforces the route's retries, timeouts and circuit breaking already; remove that handler or the route's retry policy.")]
    public static partial void OuterResilienceHandler(ILogger logger, string client, string handler);
}
