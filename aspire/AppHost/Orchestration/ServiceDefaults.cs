namespace AppHost.Orchestration;

/// <summary>Environment every resource gets, like Aspire's defaults: Development, one uncoloured line per log entry, quiet HTTP logs.</summary>
internal static class ServiceDefaults
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Environment =
    [
        new("DOTNET_ENVIRONMENT", "Development"),
        new("ASPNETCORE_ENVIRONMENT", "Development"),
        new("Logging__Console__FormatterName", "simple"),
        new("Logging__Console__FormatterOptions__SingleLine", "true"),
        new("Logging__Console__FormatterOptions__ColorBehavior", "Disabled"),
        new("Logging__LogLevel__Microsoft.AspNetCore", "Warning"),
        new("Logging__LogLevel__System.Net.Http.HttpClient", "Warning"),
    ];
}
