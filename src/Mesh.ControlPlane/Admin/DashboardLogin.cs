using Microsoft.Net.Http.Headers;

namespace Mesh.ControlPlane.Admin;

/// <summary>
/// Lets a browser show the dashboard when the admin API requires the admin token: a browser cannot send an
/// <c>Authorization</c> header on navigation, so <c>GET /dashboard?token=ADMIN-TOKEN</c> (the URL <c>mesh dashboard</c>
/// prints) is checked like any admin call and answered with a redirect to <c>/dashboard</c> that sets the token in
/// an HttpOnly, SameSite=Strict cookie scoped to <c>/dashboard</c>. Runs before the admin authentication and only
/// turns that query parameter or cookie into the bearer header, for GETs of the dashboard's own paths; the JSON
/// API still takes the header only.
/// </summary>
internal static class DashboardLogin
{
    public const string Path = "/dashboard";
    public const string TokenParameter = "token";
    private const string CookieName = "mesh-admin-token";

    public static IApplicationBuilder UseDashboardLogin(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(Path) && request.Headers.Authorization.Count == 0)
        {
            var token = request.Query[TokenParameter].ToString() is { Length: > 0 } fromQuery ? fromQuery : request.Cookies[CookieName];
            if (token is { Length: > 0 })
            {
                request.Headers.Authorization = "Bearer " + token;
            }
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>Answers a login (<c>?token=</c>, already authenticated by the time it gets here) with the cookie and a clean URL.</summary>
    public static bool TryLogIn(HttpContext context)
    {
        if (context.Request.Query[TokenParameter].ToString() is not { Length: > 0 } token)
        {
            return false;
        }

        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
            Path = Path,
            Secure = context.Request.IsHttps,
        });
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        context.Response.Redirect(Path);
        return true;
    }
}
