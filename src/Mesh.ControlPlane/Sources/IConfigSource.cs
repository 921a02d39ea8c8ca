namespace Mesh.ControlPlane.Sources;

/// <summary>Where the control plane's config comes from: a directory, or the Kubernetes API.</summary>
internal interface IConfigSource
{
    /// <summary>What the ready line and logs call the source (a directory, an API server URL).</summary>
    string Description { get; }

    /// <summary>
    /// Loads the first config into the store and keeps following changes. False when the first config
    /// was refused and the control plane must not start.
    /// </summary>
    Task<bool> StartAsync(CancellationToken cancellationToken);
}
