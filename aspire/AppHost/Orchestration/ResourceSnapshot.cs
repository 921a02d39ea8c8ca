namespace AppHost.Orchestration;

/// <summary>One row of the status table.</summary>
internal sealed record ResourceSnapshot(string Name, string Urls, ResourceState State, int? ProcessId, int Restarts);
