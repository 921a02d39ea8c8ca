namespace WebFrontend.Shop;

/// <summary>A placed order, with the catalog version that priced it and the services it crossed in order.</summary>
internal sealed record OrderConfirmation(int Id, IReadOnlyList<OrderLine> Lines, decimal Total, string CatalogVersion, IReadOnlyList<string> Route);
