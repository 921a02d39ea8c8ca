namespace Ordering.Api.Orders;

/// <summary>What the basket sends at checkout.</summary>
internal sealed record PlaceOrderRequest(string BuyerId, IReadOnlyList<OrderItem> Items);
