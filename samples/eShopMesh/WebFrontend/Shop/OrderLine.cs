namespace WebFrontend.Shop;

/// <summary>One priced line of a placed order.</summary>
internal sealed record OrderLine(int ProductId, string Name, decimal UnitPrice, int Quantity);
