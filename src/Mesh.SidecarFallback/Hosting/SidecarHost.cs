using System.Globalization;
using System.Net;
using Mesh.Sdk.Hosting;
using Mesh.SidecarFallback.Configuration;
using Mesh.SidecarFallback.Forwarding;
using Mesh.SidecarFallback.Health;
using Mesh.SidecarFallback.Listening;
using Mesh.SidecarFallback.Inbound;
using Mesh.SidecarFallback.Outbound;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.SidecarFallback.Hosting;

/// <summary>
/// Runs the sidecar as two servers in one process sharing one mesh client: the inbound server carries
/// <c>UseMesh()</c> (the service's own inbound policy) in front of the application; the outbound server
/// (plus the admin port) sends the application's calls through <see cref="MeshHttpHandler"/>. SIGTERM marks the
/// sidecar not ready and drains both servers' in-flight requests before the process exits.
/// </summary>
internal static class SidecarHost
{
    public static async Task<int> RunAsync(SidecarSettings settings, CancellationToken cancellationToken)
    {
        ListenOptions? inboundListen = null;
        var inbound = CreateBuilder(settings);
        inbound.WebHost.UseMesh();
        inbound.WebHost.ConfigureKestrel(kestrel => inboundListen = kestrel.ListenHttp1AndH2c(new IPEndPoint(IPAddress.Any, settings.InboundPort)));
        await using var inboundApp = inbound.Build();

        var loggerFactory = inboundApp.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("Mesh.SidecarFallback");
        using var appInvoker = new HttpMessageInvoker(new UpgradeCapture(UpstreamHandlers.ForApplication()));
        inboundApp.Run(new InboundProxy(new HttpForwarder(appInvoker, logger), settings.AppPort).InvokeAsync);

        ListenOptions? outboundListen = null;
        ListenOptions? adminListen = null;
        var outbound = CreateBuilder(settings);
        outbound.WebHost.ConfigureKestrel(kestrel =>
        {
            outboundListen = kestrel.ListenHttp1AndH2c(new IPEndPoint(IPAddress.Loopback, settings.OutboundPort));
            kestrel.Listen(IPAddress.Any, settings.AdminPort, listen => adminListen = listen);
        });
        await using var outboundApp = outbound.Build();

        var router = inboundApp.Services.GetRequiredService<MeshRouter>();
        var readiness = new Readiness(
            router,
            inboundApp.Services.GetService<Mesh.Sdk.Security.ServerSecuritySource>(),
            inboundApp.Services.GetService<Mesh.Sdk.Security.WorkloadIdentity>(),
            settings.OwnListener,
            settings.ControlPlane is not null);
        // The connector dials mTLS to clusters that expect it; it goes on the socket handler under the upgrade capture.
        var meshSockets = UpstreamHandlers.ForMesh();
        inboundApp.Services.GetService<Mesh.Sdk.Security.MeshConnector>()?.Install(meshSockets);
        using var meshInvoker = new HttpMessageInvoker(MeshHttpHandler.Create(inboundApp.Services, new UpgradeCapture(meshSockets)));
        var proxy = new OutboundProxy(new HttpForwarder(meshInvoker, logger), logger);
        var health = new HealthEndpoints(readiness, settings.OwnListener, logger);
        var adminPort = settings.AdminPort;
        outboundApp.Run(context => context.Connection.LocalPort == adminPort && adminPort != 0 ? health.InvokeAsync(context) : proxy.InvokeAsync(context));

        await inboundApp.StartAsync(cancellationToken).ConfigureAwait(false);
        await outboundApp.StartAsync(cancellationToken).ConfigureAwait(false);
        adminPort = adminListen!.IPEndPoint!.Port;

        var outboundAddress = outboundListen!.IPEndPoint!.ToString();
        var inboundAddress = Describe(inboundListen!);
        var adminAddress = Describe(adminListen);
        Log.Listening(logger, settings.ServiceName, outboundAddress, inboundAddress, adminAddress, settings.AppPort, settings.ControlPlane?.ToString() ?? "none");
        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"mesh-sidecar listening: outbound={outboundAddress} inbound={inboundAddress} admin={adminAddress} app=127.0.0.1:{settings.AppPort} service={settings.ServiceName}")).ConfigureAwait(false);

        // Startup garbage (configuration, DI, Kestrel) would sit in a gen0 budget sized to the CPU cache until
        // the first collection; one aggressive collection returns it, so an idle sidecar holds what it uses.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        await WaitForStopAsync(inboundApp, outboundApp, cancellationToken).ConfigureAwait(false);
        readiness.Stop();
        var drain = inboundApp.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout;
        Log.Draining(logger, drain.TotalSeconds);
        await Task.WhenAll(outboundApp.StopAsync(CancellationToken.None), inboundApp.StopAsync(CancellationToken.None)).ConfigureAwait(false);
        return 0;
    }

    private static WebApplicationBuilder CreateBuilder(SidecarSettings settings)
    {
        // The sidecar is configured by flags and environment; reloading appsettings would put a recursive inotify
        // watch on its working directory and pin a buffer that keeps a whole GC region resident.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "mesh-sidecar",
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddInMemoryCollection(settings.MeshConfiguration());
        builder.Services.AddH2cSniffing();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // A proxy streams bodies of any length (gRPC streams, uploads); headers and request lines keep Kestrel's limits.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        return builder;
    }

    private static async Task WaitForStopAsync(WebApplication inbound, WebApplication outbound, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            inbound.Lifetime.ApplicationStopping,
            outbound.Lifetime.ApplicationStopping,
            cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal way out.
        }
    }

    private static string Describe(ListenOptions listen) => listen.IPEndPoint!.ToString();
}
