using System.Collections.Concurrent;

namespace Mesh.ControlPlane.Discovery;

/// <summary>
/// The connected xDS clients and the NACKs seen recently, for the admin API. Sessions replace their
/// own immutable status; readers get consistent copies without stopping any session.
/// </summary>
internal sealed class XdsClientRegistry
{
    /// <summary>How many NACKs <see cref="RecentNacks"/> keeps, oldest dropped first.</summary>
    public const int RecentNackCapacity = 100;

    private readonly ConcurrentDictionary<long, ClientRegistration> _clients = new();
    private readonly Queue<XdsRecentNack> _recentNacks = new();
    private readonly Lock _nackLock = new();
    private long _lastId;

    /// <summary>How many clients are connected.</summary>
    public int Count => _clients.Count;

    /// <summary>Adds a client; disposing the returned registration removes it.</summary>
    public ClientRegistration Register(Func<long, XdsClientStatus> createStatus)
    {
        ArgumentNullException.ThrowIfNull(createStatus);
        var id = Interlocked.Increment(ref _lastId);
        var registration = new ClientRegistration(this, createStatus(id));
        _clients[id] = registration;
        return registration;
    }

    /// <summary>Every connected client, ordered by node id then connection time.</summary>
    public IReadOnlyList<XdsClientStatus> Snapshot()
    {
        var statuses = new List<XdsClientStatus>(_clients.Count);
        foreach (var registration in _clients.Values)
        {
            statuses.Add(registration.Status);
        }

        statuses.Sort(static (a, b) =>
        {
            var byNode = string.CompareOrdinal(a.NodeId, b.NodeId);
            return byNode != 0 ? byNode : a.Id.CompareTo(b.Id);
        });
        return statuses;
    }

    /// <summary>Per type URL: the clients that received a response for it, and those that accepted the last one.</summary>
    public IReadOnlyList<XdsTypeSyncCount> SyncCounts()
    {
        var counts = new SortedDictionary<string, (int Clients, int InSync)>(StringComparer.Ordinal);
        foreach (var registration in _clients.Values)
        {
            foreach (var type in registration.Status.Types)
            {
                if (type.LastSentVersion is null)
                {
                    continue;
                }

                counts.TryGetValue(type.TypeUrl, out var count);
                counts[type.TypeUrl] = (count.Clients + 1, count.InSync + (type.InSync ? 1 : 0));
            }
        }

        var result = new List<XdsTypeSyncCount>(counts.Count);
        foreach (var (typeUrl, count) in counts)
        {
            result.Add(new XdsTypeSyncCount(typeUrl, count.Clients, count.InSync));
        }

        return result;
    }

    /// <summary>The latest NACKs from any client, connected or not, oldest first.</summary>
    public IReadOnlyList<XdsRecentNack> RecentNacks()
    {
        lock (_nackLock)
        {
            return [.. _recentNacks];
        }
    }

    internal void RecordNack(XdsRecentNack nack)
    {
        lock (_nackLock)
        {
            if (_recentNacks.Count == RecentNackCapacity)
            {
                _recentNacks.Dequeue();
            }

            _recentNacks.Enqueue(nack);
        }
    }

    internal void Remove(ClientRegistration registration) => _clients.TryRemove(registration.Status.Id, out _);
}
