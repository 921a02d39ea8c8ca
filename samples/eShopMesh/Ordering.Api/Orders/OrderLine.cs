namespace Ordering.Api.Orders;

/// <summary>One priced line of an order.</summary>
internal sealed record OrderLine(int ProductId, string Name, decimal UnitPrice, int Quantity);
