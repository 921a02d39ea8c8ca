namespace Basket.Api.Baskets;

/// <summary>A product and how many of it are in a basket.</summary>
internal sealed record BasketItem(int ProductId, int Quantity);
