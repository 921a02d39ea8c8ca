namespace WebFrontend.Shop;

/// <summary>A product and how many of it are in the basket.</summary>
internal sealed record BasketItem(int ProductId, int Quantity);
