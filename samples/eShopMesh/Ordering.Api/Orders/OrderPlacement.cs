using Microsoft.AspNetCore.Http.HttpResults;

namespace Ordering.Api.Orders;

/// <summary>Prices an order with one catalog call, so a whole order comes from one catalog version.</summary>
internal static class OrderPlacement
{
    public static async Task<Results<Ok<Order>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        PlaceOrderRequest request, CatalogClient catalog, OrderStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Items.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = ["An order needs at least one item."] });
        }

        CatalogPrices prices;
        try
        {
            prices = await catalog.GetPricesAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return TypedResults.Problem($"The catalog could not price the order ({exception.Message}); nothing was ordered, try again.", statusCode: StatusCodes.Status502BadGateway);
        }

        var byId = prices.Products.ToDictionary(p => p.Id);
        var lines = new List<OrderLine>(request.Items.Count);
        foreach (var item in request.Items)
        {
            if (!byId.TryGetValue(item.ProductId, out var product))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = [$"Product {item.ProductId} is not in the catalog."] });
            }

            lines.Add(new OrderLine(product.Id, product.Name, product.Price, item.Quantity));
        }

        var order = new Order(
            store.NextId(),
            request.BuyerId,
            lines,
            lines.Sum(l => l.UnitPrice * l.Quantity),
            prices.CatalogVersion,
            ["ordering", prices.ServedBy],
            time.GetUtcNow());
        store.Add(order);
        return TypedResults.Ok(order);
    }
}
