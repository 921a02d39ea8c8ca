using System.Net;
using System.Runtime.InteropServices;
using Mesh.ControlPlane.Admin;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Discovery;
using Mesh.ControlPlane.Identity;
using Mesh.ControlPlane.Sources;
using Mesh.ControlPlane.Sources.Kubernetes;
using Mesh.ControlPlane.Telemetry;
using Mesh.ControlPlane.Translation;
using Mesh.Xds;
using Mesh.Xds.Grpc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.ControlPlane.Hosting;

/// <summary>
/// Runs the control plane: loads the config (refusing to start on a bad one), then serves xDS and the
/// admin API on their own listeners until cancelled, reloading the config as files change.
/// </summary>
internal static partial class ControlPlaneHost
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(ControlPlaneSettings settings, CancellationToken cancellationToken)
    {
        using var data = DataDirectory.Open(settings.Identity.DataDirectory);
        WebApplication built;
        try
        {
            built = BuildAdmin(settings, data.Path);
        }
        catch (InvalidDataException unreadable)
        {
            // A shared secret or the revocation list that does not read: say which file and stop, changing nothing.
            await Console.Error.WriteLineAsync("mesh-cp cannot start: " + unreadable.Message).ConfigureAwait(false);
            return 1;
        }

        await using var admin = built;
        var logger = admin.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mesh.ControlPlane");
        var source = admin.Services.GetRequiredService<IConfigSource>();
        var store = admin.Services.GetRequiredService<ConfigStore>();
        var cache = admin.Services.GetRequiredService<XdsSnapshotCache>();
        store.Accepted += accepted => cache.Publish(accepted.Config);

        if (!await source.StartAsync(cancellationToken).ConfigureAwait(false))
        {
            Log.StartRefused(logger, source.Description);
            return 1;
        }

        _ = admin.Services.GetRequiredService<CertificateAuthority>();

        // A token revoked on a running replica stays refused by this one from its first xDS stream on.
        var revocations = admin.Services.GetRequiredService<PeerRevocations>();
        await revocations.TakeFromPeersAsync(periodic: false, cancellationToken).ConfigureAwait(false);
        await using var xds = BuildXds(settings, admin.Services);
        await xds.StartAsync(cancellationToken).ConfigureAwait(false);
        await admin.StartAsync(cancellationToken).ConfigureAwait(false);

        var xdsAddress = BoundAddress(xds);
        var adminAddress = BoundAddress(admin);
        await Console.Out.WriteLineAsync(
            $"mesh-cp ready: xds={xdsAddress} admin={adminAddress} config={source.Description} environment={settings.Environment ?? "(base)"} version={store.Current!.Version} data={data.Path} auth={settings.Identity.Auth.ToString().ToLowerInvariant()}").ConfigureAwait(false);
        if (settings.Identity.Auth == AuthMode.Required && IPAddress.IsLoopback(settings.AdminEndpoint.Address))
        {
            var token = admin.Services.GetRequiredService<AdminToken>();
            Identity.Log.AdminLogin(logger, IdentityEndpoints.LoginUrl(adminAddress, token), token.Path ?? AdminToken.FileName);
        }

        // SIGTERM (Kubernetes, process managers) and SIGINT both stop the control plane gracefully:
        // xDS streams end with UNAVAILABLE so clients move to another replica, then both listeners close.
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, admin.Lifetime.ApplicationStopping, xds.Lifetime.ApplicationStopping);
        var following = revocations.HasPeers
            ? revocations.FollowPeersAsync(settings.PeerSync, admin.Services.GetRequiredService<TimeProvider>(), shutdown.Token)
            : Task.CompletedTask;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.ShuttingDown(logger);
        }

        await following.ConfigureAwait(false);
        using var drain = new CancellationTokenSource(ShutdownTimeout);
        await xds.StopAsync(drain.Token).ConfigureAwait(false);
        await admin.StopAsync(drain.Token).ConfigureAwait(false);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }
    }

    private static WebApplication BuildAdmin(ControlPlaneSettings settings, string dataDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.AdminEndpoint));

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MeshConfigLoader>();
        services.AddSingleton<ConfigStore>();
        services.AddSingleton(sp => new DirectoryConfigSource(
            settings.ConfigDirectory,
            settings.Environment,
            sp.GetRequiredService<MeshConfigLoader>(),
            sp.GetRequiredService<ConfigStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DirectoryConfigSource>>()));
        services.AddSingleton<IConfigSource>(sp => settings.Kubernetes is { } kubernetes
            ? new KubernetesConfigSource(
                kubernetes,
                settings.Environment,
                sp.GetRequiredService<ConfigStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<KubernetesConfigSource>>())
            : sp.GetRequiredService<DirectoryConfigSource>());
        services.AddSingleton<SnapshotTranslator>();
        services.AddSingleton<XdsClientRegistry>();
        services.AddSingleton<TrafficStore>();
        services.AddSingleton(sp => new ReplicaPeers(settings.Peers, sp.GetRequiredService<AdminToken>().Value));
        services.AddSingleton<ReplicaTraffic>();
        services.AddSingleton<ReplicaClients>();
        services.AddSingleton<PeerRevocations>();
        services.AddSingleton(sp => new XdsSnapshotCache(
            sp.GetRequiredService<SnapshotTranslator>().Translate,
            sp.GetRequiredService<ILogger<XdsSnapshotCache>>()));
        services.AddMeshIdentity(settings.Identity, dataDirectory);

        var app = builder.Build();
        var authenticator = app.Services.GetRequiredService<CallerAuthenticator>();
        if (authenticator.Mode == AuthMode.Off)
        {
            Identity.Log.AuthOff(app.Logger);
        }

        app.UseDashboardLogin();
        app.UseAdminAuthentication(authenticator, app.Logger);
        app.MapAdminEndpoints();
        app.MapIdentityEndpoints();
        return app;
    }

    private static WebApplication BuildXds(ControlPlaneSettings settings, IServiceProvider shared)
    {
        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // xDS streams live for hours and may stay silent between config changes.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.Listen(settings.XdsEndpoint, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpcServer();
        builder.Services.AddSingleton(shared.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(shared.GetRequiredService<XdsSnapshotCache>());
        builder.Services.AddSingleton(shared.GetRequiredService<XdsClientRegistry>());
        builder.Services.AddSingleton(shared.GetRequiredService<TrafficStore>());
        builder.Services.AddSingleton<LoadStatsService>();
        builder.Services.AddMeshIdentityFrom(shared);
        builder.Services.AddSingleton(sp => new AdsService(
            sp.GetRequiredService<XdsSnapshotCache>(),
            sp.GetRequiredService<XdsClientRegistry>(),
            ClientKinds.FromNode,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<AdsService>>()));

        var app = builder.Build();
        var ads = app.Services.GetRequiredService<AdsService>();
        app.UseXdsAuthentication(app.Services.GetRequiredService<CallerAuthenticator>(), app.Logger);
        app.MapGrpcUnary(CertificateMethods.CreateCertificate, app.Services.GetRequiredService<CertificateService>().CreateCertificateAsync);
        app.MapGrpcDuplexStreaming(AdsMethods.StreamAggregatedResources, ads.StreamAggregatedResourcesAsync);
        app.MapGrpcDuplexStreaming(AdsMethods.DeltaAggregatedResources, ads.DeltaAggregatedResourcesAsync);
        app.MapGrpcDuplexStreaming(LoadReportingMethods.StreamLoadStats, app.Services.GetRequiredService<LoadStatsService>().StreamLoadStatsAsync);
        return app;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
    }

    private static string BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = addresses.Addresses.First();
        var uri = new Uri(address);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port).ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Critical, "mesh-cp did not start: the config in {Source} is invalid (errors above). Fix them and start again.")]
        public static partial void StartRefused(ILogger logger, string source);

        [LoggerMessage(2, LogLevel.Information, "mesh-cp shutting down")]
        public static partial void ShuttingDown(ILogger logger);
    }
}
