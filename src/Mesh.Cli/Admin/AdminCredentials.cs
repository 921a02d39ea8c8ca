namespace Mesh.Cli.Admin;

/// <summary>
/// The admin token mesh-cp requires with <c>--auth required</c>: <c>--admin-token-file</c>, else
/// <c>$MESH_ADMIN_TOKEN</c>, else the file named by <c>$MESH_ADMIN_TOKEN_FILE</c> (mesh-cp keeps it in
/// <c>DATA-DIR/admin.token</c>).
/// </summary>
internal static class AdminCredentials
{
    public const string TokenVariable = "MESH_ADMIN_TOKEN";
    public const string TokenFileVariable = "MESH_ADMIN_TOKEN_FILE";

    /// <summary>The token, or null when none is configured.</summary>
    public static string? Find(string? tokenFile = null)
    {
        if (tokenFile is not null)
        {
            return Read(tokenFile);
        }

        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            return token.Trim();
        }

        return Environment.GetEnvironmentVariable(TokenFileVariable) is { Length: > 0 } file ? Read(file) : null;
    }

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (IOException exception)
        {
            throw new AdminUnavailableException($"cannot read the admin token from {file} ({exception.Message}); it is mesh-cp's DATA-DIR/admin.token");
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new AdminUnavailableException($"cannot read the admin token from {file} ({exception.Message}); run as the user mesh-cp runs as");
        }
    }
}
