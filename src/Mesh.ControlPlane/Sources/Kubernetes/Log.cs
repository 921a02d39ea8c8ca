namespace Mesh.ControlPlane.Sources.Kubernetes;

/// <summary>The Kubernetes source's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Listed {Count} {Resource} in {Scope} at resourceVersion {ResourceVersion}; watching from there")]
    public static partial void Listed(ILogger logger, int count, string resource, string scope, string resourceVersion);

    [LoggerMessage(2, LogLevel.Information, "The watch of {Resource} in {Scope} expired ({Reason}); listing again")]
    public static partial void Expired(ILogger logger, string resource, string scope, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Listing or watching {Resource} in {Scope} failed ({Reason}); retrying in {DelayMs} ms, serving the last good config meanwhile")]
    public static partial void WatchFailed(ILogger logger, string resource, string scope, string reason, long delayMs);

    [LoggerMessage(4, LogLevel.Error, "Skipped {Error}; fix the object, the rest of the mesh config keeps serving")]
    public static partial void ObjectSkipped(ILogger logger, string error);

    [LoggerMessage(5, LogLevel.Information, "Kubernetes config accepted as version {Version} ({ObjectCount} mesh objects, {SkippedCount} skipped); pushing it to connected clients")]
    public static partial void ConfigAccepted(ILogger logger, string version, int objectCount, int skippedCount);

    [LoggerMessage(6, LogLevel.Error, "Kubernetes config rejected with {ErrorCount} errors; the previous config keeps serving")]
    public static partial void ConfigRejected(ILogger logger, int errorCount);

    [LoggerMessage(7, LogLevel.Error, "  {Error}")]
    public static partial void ConfigError(ILogger logger, string error);

    [LoggerMessage(8, LogLevel.Information, "The {Object} problem is fixed; it is served again")]
    public static partial void ObjectRecovered(ILogger logger, string @object);
}
