using System.Collections.Concurrent;

namespace Ordering.Api.Orders;

/// <summary>Orders in memory, numbered from 1.</summary>
internal sealed class OrderStore
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();
    private int _lastId;

    public int NextId() => Interlocked.Increment(ref _lastId);

    public void Add(Order order) => _orders[order.Id] = order;

    public Order? Find(int id) => _orders.GetValueOrDefault(id);

    public IReadOnlyList<Order> All() => [.. _orders.Values.OrderBy(o => o.Id)];
}
