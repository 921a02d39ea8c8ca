using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Xds;

/// <summary>The xDS client's log messages; event ids 100–199 are the Xds area's.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "xDS stream to {ControlPlane} connected: first response received; following {ListenerCount} listener(s)")]
    public static partial void Connected(ILogger logger, Uri controlPlane, int listenerCount);

    [LoggerMessage(101, LogLevel.Warning, "xDS stream to {ControlPlane} ended ({Reason}); keeping the last good resources and reconnecting in {DelayMs} ms")]
    public static partial void Disconnected(ILogger logger, Uri controlPlane, string reason, long delayMs);

    [LoggerMessage(102, LogLevel.Warning, "Rejected (NACK) {Kind} version '{Version}' from {ControlPlane}; keeping version '{KeptVersion}': {Error}")]
    public static partial void Nacked(ILogger logger, XdsResourceKind kind, string version, Uri controlPlane, string keptVersion, string error);

    [LoggerMessage(103, LogLevel.Debug, "Accepted (ACK) {Kind} version '{Version}' with {Count} resource(s)")]
    public static partial void Acked(ILogger logger, XdsResourceKind kind, string version, int count);

    [LoggerMessage(104, LogLevel.Information, "Listener '{Listener}' does not exist on the control plane; calls to it are not routed by the mesh until it appears")]
    public static partial void ListenerDoesNotExist(ILogger logger, string listener);

    [LoggerMessage(105, LogLevel.Information, "Loaded the last good xDS resources from {Path} ({Listeners} listeners, {Routes} route configs, {Clusters} clusters, {Endpoints} load assignments); routing from them until the control plane answers")]
    public static partial void CacheLoaded(ILogger logger, string path, int listeners, int routes, int clusters, int endpoints);

    [LoggerMessage(106, LogLevel.Warning, "Ignoring the xDS cache file {Path}: {Problem}; starting without cached resources, and it is overwritten after the next accepted update")]
    public static partial void CacheIgnored(ILogger logger, string path, string problem);

    [LoggerMessage(107, LogLevel.Debug, "Wrote the last good xDS resources to {Path} ({Listeners} listeners, {Routes} route configs, {Clusters} clusters, {Endpoints} load assignments)")]
    public static partial void CacheWritten(ILogger logger, string path, int listeners, int routes, int clusters, int endpoints);

    [LoggerMessage(108, LogLevel.Warning, "Could not write the xDS cache file {Path}: {Error}; the next accepted update tries again")]
    public static partial void CacheWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(109, LogLevel.Error, "A ResourcesChanged handler threw; the xDS client carries on with the new resources")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(110, LogLevel.Warning, "Rejected (NACK) a response of type '{TypeUrl}' version '{Version}' from {ControlPlane}: the client follows only listeners, route configurations, clusters and load assignments")]
    public static partial void UnknownTypeNacked(ILogger logger, string typeUrl, string version, Uri controlPlane);
}
