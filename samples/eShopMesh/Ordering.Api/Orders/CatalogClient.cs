namespace Ordering.Api.Orders;

/// <summary>Calls the catalog through the mesh (<c>http://catalog</c>); the mesh picks v1 or v2.</summary>
internal sealed class CatalogClient(HttpClient client)
{
    public async Task<CatalogPrices> GetPricesAsync(CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<CatalogPrices>("/api/products", cancellationToken)
            ?? throw new InvalidOperationException("The catalog answered with an empty product list.");
}
