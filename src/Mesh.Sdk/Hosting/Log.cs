using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Hosting;

/// <summary>The hosting area's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Mesh client follows control plane {ControlPlane} as service '{Service}' in namespace '{Namespace}'; last good config is cached in {CacheFile}.")]
    public static partial void UsingControlPlane(ILogger logger, string controlPlane, string? service, string @namespace, string cacheFile);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "No Mesh:ControlPlane is configured; the mesh client routes {Count} service(s) from static configuration and passes every other host through.")]
    public static partial void UsingStaticConfig(ILogger logger, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug,
        Message = "Routing table rebuilt: {Services} routable host(s), {Clusters} cluster(s).")]
    public static partial void TableRebuilt(ILogger logger, int services, int clusters);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug,
        Message = "Mesh config is incomplete: {Problem} Calls to that host keep its previous routes, or pass through if it never had any.")]
    public static partial void TableProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information,
        Message = "Host '{Host}' is a mesh service; calls to it are routed from now on.")]
    public static partial void ServiceFound(ILogger logger, string host);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug,
        Message = "Host '{Host}' is not a mesh service; calls to it pass through untouched.")]
    public static partial void ServiceAbsent(ILogger logger, string host);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "No config for host '{Host}' arrived within {TimeoutMs} ms; its calls pass through untouched until the control plane sends it.")]
    public static partial void ConfigWaitTimedOut(ILogger logger, string host, long timeoutMs);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "No route of mesh service '{Service}' matches {Method} {Path}; the call is answered 404 without leaving the process.")]
    public static partial void NoRoute(ILogger logger, string service, HttpMethod method, string path);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning,
        Message = "Cluster '{Cluster}' has no endpoint to take the call; it is answered 503 without leaving the process.")]
    public static partial void NoEndpoint(ILogger logger, string cluster);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error,
        Message = "The mesh client could not start; calls pass through untouched until a restart.")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug,
        Message = "Inbound {Method} {Path} exceeds the local rate limit of service '{Service}'; it is answered {Status} flagged RL without reaching the app.")]
    public static partial void InboundRateLimited(ILogger logger, string method, PathString path, string? service, int status);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information,
        Message = "Following this service's own listener '{Listener}' for its inbound rate limit and faults; every inbound request is admitted untouched until its config arrives.")]
    public static partial void FollowingOwnService(ILogger logger, string listener);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug,
        Message = "Inbound {Method} {Path} from outside the mesh hit the fault abort of service '{Service}'; it is answered {Status} flagged FI without reaching the app.")]
    public static partial void InboundFaultAborted(ILogger logger, string method, PathString path, string? service, int status);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug,
        Message = "Inbound {Method} {Path} from outside the mesh was delayed {DelayMs} ms by the fault of service '{Service}'; it now goes on to the app flagged DI.")]
    public static partial void InboundFaultDelayed(ILogger logger, string method, PathString path, string? service, long delayMs);
}
