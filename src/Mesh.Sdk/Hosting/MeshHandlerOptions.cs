namespace Mesh.Sdk.Hosting;

/// <summary>Which <c>IHttpClientFactory</c> clients get the mesh handler: all of them, or those named.</summary>
internal sealed class MeshHandlerOptions
{
    /// <summary>True after <c>AddMeshClient()</c>: every client routes mesh hosts.</summary>
    public bool AllClients { get; set; }

    /// <summary>Clients opted in one by one with <c>AddMeshHandler()</c>.</summary>
    public HashSet<string> ClientNames { get; } = new(StringComparer.Ordinal);
}
