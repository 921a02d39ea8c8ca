namespace Ordering.Api.Orders;

/// <summary>
/// A placed order. <paramref name="CatalogVersion"/> names the catalog that priced it and
/// <paramref name="Route"/> the services the order crossed, callee last (<c>ordering</c>, <c>catalog-v2</c>).
/// </summary>
internal sealed record Order(
    int Id,
    string BuyerId,
    IReadOnlyList<OrderLine> Lines,
    decimal Total,
    string CatalogVersion,
    IReadOnlyList<string> Route,
    DateTimeOffset PlacedAt);
