namespace AppHost.Hosting;

/// <summary>The mesh environment the AppHost runs (<c>--environment</c>): <c>dev</c> unless told otherwise.</summary>
internal sealed record AppHostEnvironment(string EnvironmentName)
{
    public const string Default = "dev";
}
