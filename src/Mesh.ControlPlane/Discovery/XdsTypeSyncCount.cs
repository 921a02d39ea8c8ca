namespace Mesh.ControlPlane.Discovery;

/// <summary>How many connected clients subscribe to a type and how many of them accepted the last version sent.</summary>
internal sealed record XdsTypeSyncCount(string TypeUrl, int Clients, int InSync);
