using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Hosting;

/// <summary>Joins a project to the mesh: what an Aspire integration package for Mesh would add.</summary>
internal static class MeshResourceExtensions
{
    private const string DataDirectoryArgument = "--data-dir";

    /// <summary>
    /// Sets <c>Mesh__ControlPlane</c> to the control plane's <c>xds</c> endpoint and <c>Mesh__ServiceName</c>, and
    /// keeps the last-good config cache per environment and resource, so a dev run never starts on staging's routes.
    /// When the control plane keeps a <c>--data-dir</c>, each start of the project first gets a workload token for
    /// the service's identity from the admin API (with mesh-cp's admin token) and passes it as <c>Mesh__TokenFile</c>.
    /// </summary>
    public static ProjectResourceBuilder WithMesh(this ProjectResourceBuilder project, ProjectResourceBuilder controlPlane, string serviceName)
    {
        project
            .WithEnvironment("Mesh__ControlPlane", controlPlane.Resource.GetEndpoint("xds").Url)
            .WithEnvironment("Mesh__ServiceName", serviceName)
            .WithEnvironment("Mesh__CacheDirectory", Path.Combine(
                Path.GetTempPath(), "eshopmesh", project.ApplicationBuilder.Environment.EnvironmentName, project.Resource.Name));

        var arguments = controlPlane.Resource.Args;
        var index = arguments.IndexOf(DataDirectoryArgument);
        if (index < 0 || index + 1 >= arguments.Count)
        {
            return project;
        }

        var dataDirectory = arguments[index + 1];
        var tokenFile = Path.Combine(dataDirectory, "..", "tokens", project.Resource.Name + ".token");
        var admin = controlPlane.Resource.GetEndpoint("admin").ProbeUrl;
        project.Resource.BeforeStart.Add(cancellationToken => MintTokenAsync(admin, dataDirectory, serviceName, tokenFile, cancellationToken));
        return project.WithEnvironment("Mesh__TokenFile", Path.GetFullPath(tokenFile));
    }

    private static async Task MintTokenAsync(string admin, string dataDirectory, string serviceAccount, string tokenFile, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(admin), Timeout = TimeSpan.FromSeconds(10) };
        var adminToken = await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin.token"), cancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken.Trim());
        using var response = await http.PostAsJsonAsync("/tokens", new { serviceAccount, ttl = "720h" }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"mesh-cp refused a token for service account '{serviceAccount}': {body}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(tokenFile)!);
        await File.WriteAllTextAsync(tokenFile, body.GetProperty("token").GetString(), cancellationToken);
    }
}
