namespace Ordering.Api.Orders;

/// <summary>The part of catalog's product list that ordering needs: names, prices and who served them.</summary>
internal sealed record CatalogPrices(string CatalogVersion, string ServedBy, IReadOnlyList<CatalogPrices.Product> Products)
{
    /// <summary>A product's name and current price.</summary>
    internal sealed record Product(int Id, string Name, decimal Price);
}
