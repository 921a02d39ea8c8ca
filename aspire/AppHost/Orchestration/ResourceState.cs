namespace AppHost.Orchestration;

/// <summary>Where a resource is in its life.</summary>
internal enum ResourceState
{
    Waiting,
    Starting,
    Healthy,
    Crashed,
    Stopping,
    Stopped,
}
