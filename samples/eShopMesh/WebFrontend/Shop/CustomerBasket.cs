namespace WebFrontend.Shop;

/// <summary>The buyer's basket as the basket service keeps it.</summary>
internal sealed record CustomerBasket(string BuyerId, IReadOnlyList<BasketItem> Items);
