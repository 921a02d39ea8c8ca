using System.Globalization;

namespace Mesh.ControlPlane.Identity;

/// <summary>
/// Refuses unauthenticated calls before any endpoint runs: gRPC calls on the xDS listener get
/// <c>UNAUTHENTICATED</c>, admin API calls get 401. <c>/healthz</c> stays open for probes. A gRPC call on a workload
/// token that is revoked while the call is open is closed then.
/// </summary>
internal static class CallerAuthentication
{
    private const string HealthPath = "/healthz";
    private const string GrpcUnauthenticated = "16";

    /// <summary>Every gRPC call must carry a token that authenticates (any workload, or the admin).</summary>
    public static IApplicationBuilder UseXdsAuthentication(this IApplicationBuilder app, CallerAuthenticator authenticator, ILogger logger)
    {
        if (authenticator.Mode == AuthMode.Off)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            var token = CallerAuthenticator.BearerToken(context.Request.Headers.Authorization);
            var (grant, error) = await authenticator.AuthenticateAsync(token, context.RequestAborted).ConfigureAwait(false);
            if (grant is null)
            {
                Log.CallRefused(logger, "xDS", context.Request.Path, Peer(context), error!);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = GrpcUnauthenticated;
                context.Response.Headers["grpc-message"] = Uri.EscapeDataString(error!);
                return;
            }

            // A revoked token closes the calls still open on it (xDS and load-report streams); the client's
            // reconnect is then refused like any other call with that token.
            using var closeOnRevoke = grant.Revoked.UnsafeRegister(
                _ =>
                {
                    Log.CallClosedOnRevocation(logger, context.Request.Path, Peer(context), grant.ToString());
                    context.Abort();
                },
                null);
            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>Every admin call but <c>/healthz</c> must carry the admin token.</summary>
    public static IApplicationBuilder UseAdminAuthentication(this IApplicationBuilder app, CallerAuthenticator authenticator, ILogger logger)
    {
        if (authenticator.Mode == AuthMode.Off)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.Equals(HealthPath, StringComparison.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var token = CallerAuthenticator.BearerToken(context.Request.Headers.Authorization);
            var (grant, error) = await authenticator.AuthenticateAsync(token, context.RequestAborted).ConfigureAwait(false);
            if (grant is not { IsAdmin: true })
            {
                var reason = grant is null ? error! : $"{grant} is a workload identity; the admin API takes the admin token (DATA-DIR/{AdminToken.FileName})";
                Log.CallRefused(logger, "admin", context.Request.Path, Peer(context), reason);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new { error = reason }, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static string Peer(HttpContext context) =>
        string.Create(CultureInfo.InvariantCulture, $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}");
}
