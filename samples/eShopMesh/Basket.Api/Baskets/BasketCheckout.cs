using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Basket.Api.Baskets;

/// <summary>Turns a basket into an order: basket → ordering (→ catalog for prices).</summary>
internal static class BasketCheckout
{
    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> CheckoutAsync(
        string buyerId, BasketStore store, OrderingClient ordering, CancellationToken cancellationToken)
    {
        var items = store.Take(buyerId);
        if (items.IsEmpty)
        {
            return TypedResults.Problem($"The basket of '{buyerId}' is empty: add a product first.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var order = await ordering.PlaceOrderAsync(buyerId, items, cancellationToken);
            var route = order["route"] as JsonArray ?? [];
            route.Insert(0, "basket");
            order["route"] = route;
            return TypedResults.Ok(order);
        }
        catch (HttpRequestException exception)
        {
            store.Restore(buyerId, items);
            return TypedResults.Problem($"The ordering service failed ({exception.Message}); the basket is kept, try again.", statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
