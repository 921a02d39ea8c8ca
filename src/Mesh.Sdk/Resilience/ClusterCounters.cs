namespace Mesh.Sdk.Resilience;

/// <summary>
/// A cluster's live counts for circuit breaking. One object per cluster name, handed from each rebuilt
/// cluster state to the next, so a config change neither resets the counts nor loses calls in flight.
/// </summary>
internal sealed class ClusterCounters
{
    private int _requests;
    private int _pending;
    private int _connections;
    private int _retries;

    public int Requests => Volatile.Read(ref _requests);

    public int Pending => Volatile.Read(ref _pending);

    public int Connections => Volatile.Read(ref _connections);

    public int Retries => Volatile.Read(ref _retries);

    public ref int RequestsRef => ref _requests;

    public ref int PendingRef => ref _pending;

    public ref int ConnectionsRef => ref _connections;

    public ref int RetriesRef => ref _retries;
}
