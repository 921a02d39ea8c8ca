using System.CommandLine;
using System.Net;
using Mesh.Cli.Admin;

namespace Mesh.Cli.Commands;

/// <summary><c>mesh token create</c>: a workload token for one SPIFFE ID, issued by mesh-cp's admin API, printed to stdout.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var identity = new Option<string>("--identity")
        {
            Description = "The SPIFFE ID the token grants, such as spiffe://shop.local/ns/default/sa/basket.",
            Required = true,
        };
        var controlPlane = CommonOptions.ControlPlane();
        var ttl = new Option<string>("--ttl")
        {
            Description = "How long the token is valid, such as 1h or 720h. Default: 24h.",
            DefaultValueFactory = _ => "24h",
        };
        var adminTokenFile = new Option<string?>("--admin-token-file")
        {
            Description = $"mesh-cp's admin token (DATA-DIR/admin.token). Default: ${AdminCredentials.TokenVariable}, else ${AdminCredentials.TokenFileVariable}.",
        };

        var create = new Command("create", "Issue a workload token for one identity and print it to stdout (use it as Mesh:TokenFile).")
        {
            identity,
            controlPlane,
            ttl,
            adminTokenFile,
        };
        create.SetAction(async (parseResult, cancellationToken) =>
        {
            var console = CommonOptions.Console(parseResult);
            try
            {
                using var admin = AdminClient.Connect(parseResult.GetRequiredValue(controlPlane), console.Error, parseResult.GetValue(adminTokenFile));
                var (status, body) = await admin.PostAsync(
                    "tokens",
                    new { identity = parseResult.GetRequiredValue(identity), ttl = parseResult.GetRequiredValue(ttl) },
                    cancellationToken).ConfigureAwait(false);
                if (status != HttpStatusCode.OK)
                {
                    var reason = body.TryGetProperty("error", out var error) ? error.GetString() : body.ToString();
                    await console.Error.WriteLineAsync($"error: mesh-cp refused the token: {reason}").ConfigureAwait(false);
                    return 1;
                }

                await console.Out.WriteLineAsync(body.GetProperty("token").GetString()).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"token for {body.GetProperty("identity").GetString()}, expires {body.GetProperty("expiresAt").GetDateTimeOffset():u}").ConfigureAwait(false);
                return 0;
            }
            catch (AdminUnavailableException ex)
            {
                await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });

        return new Command("token", "Workload tokens: credentials a service presents to mesh-cp for its certificate and config.") { create };
    }
}
