namespace WebFrontend.Shop;

/// <summary>What the Node.js recommendations service suggests, and from which catalog version.</summary>
internal sealed record Recommendations(string Source, string CatalogVersion, IReadOnlyList<RecommendedItem> Items);
