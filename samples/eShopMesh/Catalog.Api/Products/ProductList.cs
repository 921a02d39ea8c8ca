namespace Catalog.Api.Products;

/// <summary>The product list, with the catalog version and instance that served it.</summary>
internal sealed record ProductList(string CatalogVersion, string ServedBy, IReadOnlyList<Product> Products);
