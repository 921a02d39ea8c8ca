namespace Catalog.Api.Products;

/// <summary>One product as the catalog serves it; <paramref name="Badge"/> is set by catalog v2 only.</summary>
internal sealed record Product(int Id, string Name, string Description, decimal Price, string? Badge);
