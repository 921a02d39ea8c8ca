using Microsoft.Extensions.Options;

namespace Catalog.Api.Products;

/// <summary>The in-memory catalog. Version v2 is the canary: the same products at a 10 % spring-sale price.</summary>
internal sealed class ProductStore
{
    private const decimal SpringSale = 0.9m;

    private static readonly Product[] ListPrices =
    [
        new(1, ".NET Bot Black Hoodie", "Warm, black, and it compiles.", 19.50m, null),
        new(2, "Mesh Mug", "Holds 350 ml of coffee and zero sidecars.", 8.50m, null),
        new(3, "Prism White T-Shirt", "Cotton, printed with the xDS resource graph.", 12.00m, null),
        new(4, "xDS Sticker Pack", "LDS, RDS, CDS and EDS for your laptop.", 3.00m, null),
        new(5, "Control Plane Cap", "Keeps config off your head.", 14.00m, null),
        new(6, "Proxyless Socks", "Nothing in between.", 6.50m, null),
    ];

    private readonly ProductList _list;
    private readonly Dictionary<int, Product> _byId;

    public ProductStore(IOptions<CatalogOptions> options)
    {
        var version = options.Value.Version;
        var products = version == "v2"
            ? Array.ConvertAll(ListPrices, p => p with { Price = decimal.Round(p.Price * SpringSale, 2), Badge = "spring sale −10 %" })
            : ListPrices;
        _list = new ProductList(version, $"catalog-{version}", products);
        _byId = products.ToDictionary(p => p.Id);
    }

    public ProductList List() => _list;

    public Product? Find(int id) => _byId.GetValueOrDefault(id);
}
