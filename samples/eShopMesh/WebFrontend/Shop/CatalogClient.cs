namespace WebFrontend.Shop;

/// <summary>Calls the catalog through the mesh (<c>http://catalog</c>); the mesh picks v1 or v2.</summary>
internal sealed class CatalogClient(HttpClient client)
{
    public async Task<ProductList> GetProductsAsync(CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<ProductList>("/api/products", cancellationToken)
            ?? throw new InvalidOperationException("The catalog answered with an empty product list.");
}
