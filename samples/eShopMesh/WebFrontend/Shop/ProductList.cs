namespace WebFrontend.Shop;

/// <summary>The catalog's product list and the catalog version that served it.</summary>
internal sealed record ProductList(string CatalogVersion, string ServedBy, IReadOnlyList<Product> Products);
