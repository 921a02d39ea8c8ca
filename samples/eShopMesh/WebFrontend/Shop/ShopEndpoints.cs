using System.Globalization;

namespace WebFrontend.Shop;

/// <summary>The shop's pages: the product list with the basket, adding to the basket, and placing the order.</summary>
internal static class ShopEndpoints
{
    private const string Html = "text/html; charset=utf-8";

    public static IEndpointRouteBuilder MapShop(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", ShowShopAsync);
        endpoints.MapPost("/basket/items", AddToBasketAsync);
        endpoints.MapPost("/orders", PlaceOrderAsync);
        return endpoints;
    }

    private static async Task<IResult> ShowShopAsync(
        HttpContext context, CatalogClient catalog, BasketClient basket, RecommendationsClient recommendations, CancellationToken cancellationToken)
    {
        var buyer = BuyerCookie.Get(context);
        try
        {
            // "/?catalog=v2" pins the canary through the route's header match, whatever the weights say.
            var pin = context.Request.Query["catalog"].FirstOrDefault();
            var suggested = recommendations.GetAsync(pin, cancellationToken);
            var products = await catalog.GetProductsAsync(pin, cancellationToken);
            var items = await basket.GetAsync(buyer, cancellationToken);
            context.Response.Headers["X-Catalog-Version"] = products.CatalogVersion;
            return TypedResults.Content(ShopPage.Render(products, items, await suggested), Html);
        }
        catch (HttpRequestException exception)
        {
            return TypedResults.Content(ShopPage.RenderError(exception.Message), Html, statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static async Task<IResult> AddToBasketAsync(HttpContext context, BasketClient basket, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (!int.TryParse(form["productId"], NumberStyles.None, CultureInfo.InvariantCulture, out var productId))
        {
            return TypedResults.BadRequest("Form field productId must be a product number.");
        }

        await basket.AddAsync(BuyerCookie.Get(context), productId, cancellationToken);
        return TypedResults.Redirect("/");
    }

    private static async Task<IResult> PlaceOrderAsync(HttpContext context, BasketClient basket, CancellationToken cancellationToken)
    {
        try
        {
            var order = await basket.CheckoutAsync(BuyerCookie.Get(context), cancellationToken);
            order = order with { Route = ["webfrontend", .. order.Route] };
            context.Response.Headers["X-Catalog-Version"] = order.CatalogVersion;
            return TypedResults.Content(ShopPage.RenderOrder(order), Html);
        }
        catch (HttpRequestException exception)
        {
            return TypedResults.Content(ShopPage.RenderError(exception.Message), Html, statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
