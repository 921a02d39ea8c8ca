using System.CommandLine;
using System.Net;
using System.Text.Json;
using Mesh.Cli.Admin;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>mesh token create</c>: a workload token for one SPIFFE ID, issued by mesh-cp's admin API, printed to stdout;
/// <c>mesh token revoke</c>: revokes one before it expires, by its ID or its text, and warns of any replica that did
/// not take the revocation.
/// </summary>
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
        var adminTokenFile = AdminTokenFile();

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
                var request = new { identity = parseResult.GetRequiredValue(identity), ttl = parseResult.GetRequiredValue(ttl) };
                if (await PostAsync(admin, "tokens", request, "refused the token", console.Error, cancellationToken).ConfigureAwait(false) is not { } body)
                {
                    return 1;
                }

                await console.Out.WriteLineAsync(body.GetProperty("token").GetString()).ConfigureAwait(false);
                await console.Error.WriteLineAsync($"token {body.GetProperty("id").GetString()} for {body.GetProperty("identity").GetString()}, expires {body.GetProperty("expiresAt").GetDateTimeOffset():u}").ConfigureAwait(false);
                return 0;
            }
            catch (AdminUnavailableException ex)
            {
                await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });

        return new Command("token", "Workload tokens: credentials a service presents to mesh-cp for its certificate and config.") { create, Revoke() };
    }

    private static Command Revoke()
    {
        var controlPlane = CommonOptions.ControlPlane();
        var adminTokenFile = AdminTokenFile();
        var id = new Option<string?>("--id") { Description = "The ID 'mesh token create' printed for the token." };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file holding the token itself, such as a workload's Mesh:TokenFile." };
        var revoke = new Command("revoke", "Revoke a workload token before it expires: mesh-cp refuses it for every new xDS stream, certificate request and load report.")
        {
            id,
            tokenFile,
            controlPlane,
            adminTokenFile,
        };
        revoke.Validators.Add(result =>
        {
            if ((result.GetValue(id) is null) == (result.GetValue(tokenFile) is null))
            {
                result.AddError("give exactly one of --id and --token-file.");
            }
        });
        revoke.SetAction(async (parseResult, cancellationToken) =>
        {
            var console = CommonOptions.Console(parseResult);
            try
            {
                object request = parseResult.GetValue(tokenFile) is { } file
                    ? new { token = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim() }
                    : new { id = parseResult.GetValue(id) };
                using var admin = AdminClient.Connect(parseResult.GetRequiredValue(controlPlane), console.Error, parseResult.GetValue(adminTokenFile));
                if (await PostAsync(admin, "tokens/revoke", request, "did not revoke the token", console.Error, cancellationToken).ConfigureAwait(false) is not { } body)
                {
                    return 1;
                }

                await console.Out.WriteLineAsync($"revoked token {body.GetProperty("revoked").GetString()}").ConfigureAwait(false);

                // With --peers mesh-cp revokes it on every replica; one that did not answer still accepts the token.
                if (body.TryGetProperty("peers", out var peers))
                {
                    foreach (var unreachable in peers.GetProperty("unreachable").EnumerateArray())
                    {
                        await console.Error.WriteLineAsync($"warning: not revoked on replica {unreachable.GetString()}").ConfigureAwait(false);
                    }
                }

                return 0;
            }
            catch (Exception ex) when (ex is AdminUnavailableException or IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return revoke;
    }

    // The admin API's answer, or null once a refusal has been printed as "error: mesh-cp REFUSED: reason".
    private static async Task<JsonElement?> PostAsync<T>(AdminClient admin, string path, T request, string refused, TextWriter error, CancellationToken cancellationToken)
    {
        var (status, body) = await admin.PostAsync(path, request, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            return body;
        }

        var reason = body.TryGetProperty("error", out var message) ? message.GetString() : body.ToString();
        await error.WriteLineAsync($"error: mesh-cp {refused}: {reason}").ConfigureAwait(false);
        return null;
    }

    private static Option<string?> AdminTokenFile() => new("--admin-token-file")
    {
        Description = $"mesh-cp's admin token (DATA-DIR/admin.token). Default: ${AdminCredentials.TokenVariable}, else ${AdminCredentials.TokenFileVariable}.",
    };
}
