namespace WebFrontend.Shop;

/// <summary>Calls the basket service through the mesh (<c>http://basket</c>).</summary>
internal sealed class BasketClient(HttpClient client)
{
    public async Task<CustomerBasket> GetAsync(string buyerId, CancellationToken cancellationToken) =>
        await client.GetFromJsonAsync<CustomerBasket>($"/api/baskets/{Uri.EscapeDataString(buyerId)}", cancellationToken)
            ?? new CustomerBasket(buyerId, []);

    public async Task AddAsync(string buyerId, int productId, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(
            $"/api/baskets/{Uri.EscapeDataString(buyerId)}/items", new BasketItem(productId, 1), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Checks the basket out: basket → ordering → catalog.</summary>
    public async Task<OrderConfirmation> CheckoutAsync(string buyerId, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync($"/api/baskets/{Uri.EscapeDataString(buyerId)}/checkout", content: null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"checkout failed with {(int)response.StatusCode}: {problem}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<OrderConfirmation>(cancellationToken)
            ?? throw new InvalidOperationException("The basket service answered the checkout with an empty body.");
    }
}
