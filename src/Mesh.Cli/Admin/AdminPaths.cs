namespace Mesh.Cli.Admin;

/// <summary>The admin API's paths.</summary>
internal static class AdminPaths
{
    public const string Health = "healthz";
    public const string Config = "config";
    public const string Clients = "clients";
    public const string Stats = "stats";
}
