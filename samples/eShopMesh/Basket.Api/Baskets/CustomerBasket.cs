namespace Basket.Api.Baskets;

/// <summary>A buyer's basket.</summary>
internal sealed record CustomerBasket(string BuyerId, IReadOnlyList<BasketItem> Items);
