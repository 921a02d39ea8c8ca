namespace Ordering.Api.Orders;

/// <summary>A product and quantity asked for in an order.</summary>
internal sealed record OrderItem(int ProductId, int Quantity);
