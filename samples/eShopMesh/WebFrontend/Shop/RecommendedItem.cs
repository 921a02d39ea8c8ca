namespace WebFrontend.Shop;

/// <summary>One product the recommendations service suggests.</summary>
internal sealed record RecommendedItem(int Id, string Name, decimal Price);
