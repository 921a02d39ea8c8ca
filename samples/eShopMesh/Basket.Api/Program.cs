using Basket.Api.Baskets;
using Microsoft.AspNetCore.Http.HttpResults;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMeshClient();
builder.WebHost.UseMesh();
builder.Services.AddSingleton<BasketStore>();
builder.Services.AddHttpClient<OrderingClient>(client => client.BaseAddress = new Uri("http://ordering"));

var app = builder.Build();

app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapGet("/api/baskets/{buyerId}", (string buyerId, BasketStore store) => store.Get(buyerId));
app.MapPost("/api/baskets/{buyerId}/items", Results<Ok<CustomerBasket>, ValidationProblem> (string buyerId, BasketItem item, BasketStore store) =>
    item.Quantity is < 1 or > 99
        ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quantity"] = ["Quantity must be between 1 and 99."] })
        : TypedResults.Ok(store.Add(buyerId, item)));
app.MapPost("/api/baskets/{buyerId}/checkout", BasketCheckout.CheckoutAsync);

app.Run();
