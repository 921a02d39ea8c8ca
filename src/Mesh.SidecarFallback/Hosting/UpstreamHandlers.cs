using System.Net;

namespace Mesh.SidecarFallback.Hosting;

/// <summary>The connection pools the sidecar sends through: one to mesh services and the internet, one to its application.</summary>
internal static class UpstreamHandlers
{
    /// <summary>Pooled connections to other services; the mesh handler above picks each call's endpoint.</summary>
    public static SocketsHttpHandler ForMesh() => Create();

    /// <summary>Pooled loopback connections to the application.</summary>
    public static SocketsHttpHandler ForApplication() => Create();

    // A proxy passes everything through as it came: no redirects, cookies, decompression or proxy of its own.
    private static SocketsHttpHandler Create() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ActivityHeadersPropagator = null,
    };
}
