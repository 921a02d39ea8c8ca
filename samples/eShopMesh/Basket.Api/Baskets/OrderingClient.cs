using System.Text.Json.Nodes;

namespace Basket.Api.Baskets;

/// <summary>Calls the ordering service through the mesh (<c>http://ordering</c>).</summary>
internal sealed class OrderingClient(HttpClient client)
{
    /// <summary>Places an order for <paramref name="items"/> and returns ordering's answer as JSON.</summary>
    public async Task<JsonObject> PlaceOrderAsync(string buyerId, IReadOnlyList<BasketItem> items, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/api/orders", new { buyerId, items }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new InvalidOperationException("The ordering service answered with an empty body.");
    }
}
