namespace WebFrontend.Shop;

/// <summary>A product as the catalog lists it.</summary>
internal sealed record Product(int Id, string Name, string Description, decimal Price, string? Badge);
