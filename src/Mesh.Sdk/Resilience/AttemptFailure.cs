namespace Mesh.Sdk.Resilience;

/// <summary>How a try failed when no response headers arrived.</summary>
internal enum AttemptFailure
{
    None,
    ConnectFailure,
    RefusedStream,
    Reset,
    PerTryTimeout,
}
