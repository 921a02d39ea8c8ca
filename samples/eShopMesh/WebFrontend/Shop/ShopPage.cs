using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace WebFrontend.Shop;

/// <summary>
/// Renders the shop's HTML. Elements carry ids and data attributes (<c>data-catalog-version</c>,
/// <c>data-route</c>) so the end-to-end test reads the same page a person sees.
/// </summary>
internal static class ShopPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1f2933; }
        header { display: flex; justify-content: space-between; align-items: baseline; }
        .version { padding: .2rem .6rem; border-radius: 1rem; color: white; font-weight: 600; }
        .v1 { background: #52606d; } .v2 { background: #2f855a; }
        ul.products { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
        li.product { border: 1px solid #cbd2d9; border-radius: .5rem; padding: 1rem; }
        .badge { color: #2f855a; font-weight: 600; }
        table { border-collapse: collapse; } td, th { padding: .3rem .8rem; text-align: left; }
        button { padding: .4rem .9rem; cursor: pointer; }
        .route { font-family: monospace; }
        """;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Render(ProductList catalog, CustomerBasket basket, Recommendations? recommendations = null)
    {
        var html = Open("eShopMesh", catalog.CatalogVersion);
        html.Append(CultureInfo.InvariantCulture, $"""<header><h1>eShopMesh</h1><p id="served-by">products from <span id="catalog-version" class="version {E(catalog.CatalogVersion)}">{E(catalog.ServedBy)}</span></p></header>""");
        html.Append("""<ul class="products">""");
        foreach (var product in catalog.Products)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li class="product" data-product-id="{product.Id}"><h3>{E(product.Name)}</h3><p>{E(product.Description)}</p>
                <p><span class="price">{Money(product.Price)}</span> <span class="badge">{E(product.Badge ?? string.Empty)}</span></p>
                <form method="post" action="/basket/items"><input type="hidden" name="productId" value="{product.Id}"><button class="add">Add to basket</button></form></li>
                """);
        }

        html.Append("""</ul><section id="basket"><h2>Basket</h2>""");
        if (basket.Items.Count == 0)
        {
            html.Append("<p>Your basket is empty.</p>");
        }
        else
        {
            AppendBasket(html, catalog, basket);
        }

        html.Append("</section>");
        AppendRecommendations(html, recommendations);
        return Close(html);
    }

    // Served by the Node.js service through its sidecar: the mesh is not only for .NET.
    private static void AppendRecommendations(StringBuilder html, Recommendations? recommendations)
    {
        if (recommendations is null || recommendations.Items.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"""<section id="recommendations" data-source="{E(recommendations.Source)}" data-catalog-version="{E(recommendations.CatalogVersion)}" data-count="{recommendations.Items.Count}"><h2>Recommended for you</h2><ul>""");
        foreach (var item in recommendations.Items)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<li class="recommended" data-product-id="{item.Id}">{E(item.Name)} <span class="price">{Money(item.Price)}</span></li>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""</ul><p class="route">from {E(recommendations.Source)} via mesh-sidecar, priced by catalog-{E(recommendations.CatalogVersion)}</p></section>""");
    }

    public static string RenderOrder(OrderConfirmation order)
    {
        var route = string.Join(' ', order.Route);
        var html = Open($"Order {order.Id}", order.CatalogVersion);
        html.Append(CultureInfo.InvariantCulture, $"""
            <section id="order" data-order-id="{order.Id}" data-catalog-version="{E(order.CatalogVersion)}" data-route="{E(route)}" data-total="{order.Total.ToString(CultureInfo.InvariantCulture)}">
            <h1>Thank you! Order {order.Id} is placed.</h1>
            <p>Priced by <span class="version {E(order.CatalogVersion)}">catalog {E(order.CatalogVersion)}</span>; the order crossed
            <span class="route">{E(string.Join(" → ", order.Route))}</span>.</p><table><tr><th>Product</th><th>Qty</th><th>Price</th></tr>
            """);
        foreach (var line in order.Lines)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(line.Name)}</td><td>{line.Quantity}</td><td>{Money(line.UnitPrice)}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"""<tr><th>Total</th><td></td><th id="order-total">{Money(order.Total)}</th></tr></table><p><a href="/">Continue shopping</a></p></section>""");
        return Close(html);
    }

    public static string RenderError(string message)
    {
        var html = Open("eShopMesh: unavailable", "none");
        html.Append(CultureInfo.InvariantCulture, $"""<section id="error"><h1>Something in the mesh is down</h1><p>{E(message)}</p><p><a href="/">Try again</a></p></section>""");
        return Close(html);
    }

    private static void AppendBasket(StringBuilder html, ProductList catalog, CustomerBasket basket)
    {
        html.Append("<table><tr><th>Product</th><th>Qty</th><th>Price</th></tr>");
        var total = 0m;
        foreach (var item in basket.Items)
        {
            var product = catalog.Products.FirstOrDefault(p => p.Id == item.ProductId);
            var price = product?.Price ?? 0m;
            total += price * item.Quantity;
            html.Append(CultureInfo.InvariantCulture, $"""<tr class="basket-item" data-product-id="{item.ProductId}"><td>{E(product?.Name ?? $"product {item.ProductId}")}</td><td>{item.Quantity}</td><td>{Money(price)}</td></tr>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <tr><th>Total</th><td></td><th>{Money(total)}</th></tr></table>
            <form method="post" action="/orders"><button id="place-order">Place order</button></form>
            """);
    }

    private static StringBuilder Open(string title, string catalogVersion) =>
        new StringBuilder(8192).Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{E(title)}</title><style>{Style}</style></head>
            <body data-catalog-version="{E(catalogVersion)}">
            """);

    private static string Close(StringBuilder html) => html.Append("</body></html>").ToString();

    private static string Money(decimal amount) => amount.ToString("$0.00", CultureInfo.InvariantCulture);

    private static string E(string text) => Encoder.Encode(text);
}
