namespace AppHost.Hosting;

/// <summary>Joins a project to the mesh: what an Aspire integration package for Mesh would add.</summary>
internal static class MeshResourceExtensions
{
    /// <summary>
    /// Sets <c>Mesh__ControlPlane</c> to the control plane's <c>xds</c> endpoint and <c>Mesh__ServiceName</c>, and
    /// keeps the last-good config cache per environment and resource, so a dev run never starts on staging's routes.
    /// </summary>
    public static ProjectResourceBuilder WithMesh(this ProjectResourceBuilder project, ProjectResourceBuilder controlPlane, string serviceName) =>
        project
            .WithEnvironment("Mesh__ControlPlane", controlPlane.Resource.GetEndpoint("xds").Url)
            .WithEnvironment("Mesh__ServiceName", serviceName)
            .WithEnvironment("Mesh__CacheDirectory", Path.Combine(
                Path.GetTempPath(), "eshopmesh", project.ApplicationBuilder.Environment.EnvironmentName, project.Resource.Name));
}
