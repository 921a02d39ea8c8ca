using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Basket.Api.Baskets;

/// <summary>Baskets in memory, one immutable item list per buyer swapped on every change.</summary>
internal sealed class BasketStore
{
    private readonly ConcurrentDictionary<string, ImmutableList<BasketItem>> _baskets = new(StringComparer.Ordinal);

    public CustomerBasket Get(string buyerId) =>
        new(buyerId, _baskets.GetValueOrDefault(buyerId, ImmutableList<BasketItem>.Empty));

    public CustomerBasket Add(string buyerId, BasketItem item)
    {
        var items = _baskets.AddOrUpdate(buyerId, _ => [item], (_, existing) => Merge(existing, item));
        return new CustomerBasket(buyerId, items);
    }

    /// <summary>Takes the basket's items out, leaving it empty.</summary>
    public ImmutableList<BasketItem> Take(string buyerId) =>
        _baskets.TryRemove(buyerId, out var items) ? items : [];

    /// <summary>Puts items back after a checkout failed, so the buyer can try again.</summary>
    public void Restore(string buyerId, ImmutableList<BasketItem> items)
    {
        foreach (var item in items)
        {
            Add(buyerId, item);
        }
    }

    private static ImmutableList<BasketItem> Merge(ImmutableList<BasketItem> items, BasketItem added)
    {
        var index = items.FindIndex(i => i.ProductId == added.ProductId);
        return index < 0
            ? items.Add(added)
            : items.SetItem(index, added with { Quantity = Math.Min(99, items[index].Quantity + added.Quantity) });
    }
}
