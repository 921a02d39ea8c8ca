namespace WebFrontend.Shop;

/// <summary>Calls the catalog through the mesh (<c>http://catalog</c>); the mesh picks v1 or v2.</summary>
internal sealed class CatalogClient(HttpClient client)
{
    /// <summary>The header the mesh's catalog route matches first: <c>x-catalog-version: v2</c> always reaches v2.</summary>
    private const string VersionPinHeader = "x-catalog-version";

    /// <summary>Lists the products; <paramref name="pinnedVersion"/> (such as <c>v2</c>) asks the mesh for one version.</summary>
    public async Task<ProductList> GetProductsAsync(string? pinnedVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        if (!string.IsNullOrEmpty(pinnedVersion))
        {
            request.Headers.Add(VersionPinHeader, pinnedVersion);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ProductList>(cancellationToken)
            ?? throw new InvalidOperationException("The catalog answered with an empty product list.");
    }
}
