namespace Mesh.SidecarFallback.Configuration;

/// <summary>
/// The environment variables that stand in for each command-line option, for containers that configure
/// through their environment. A command-line option wins over its variable; the SDK's own <c>Mesh__*</c>
/// keys are read after both.
/// </summary>
internal static class SidecarEnvironment
{
    public const string ServiceName = "MESH_SERVICE_NAME";
    public const string Namespace = "MESH_NAMESPACE";
    public const string AppPort = "MESH_APP_PORT";
    public const string ControlPlane = "MESH_CONTROL_PLANE";
    public const string OutboundPort = "MESH_OUTBOUND_PORT";
    public const string InboundPort = "MESH_INBOUND_PORT";
    public const string AdminPort = "MESH_ADMIN_PORT";
    public const string TokenFile = "MESH_TOKEN_FILE";

    /// <summary>The variable's value, or the SDK's <c>Mesh__*</c> equivalent, or null when neither is set.</summary>
    public static string? Read(string variable, string? meshKey = null)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value) && meshKey is not null)
        {
            value = Environment.GetEnvironmentVariable("Mesh__" + meshKey);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
