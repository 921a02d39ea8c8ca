using Microsoft.AspNetCore.Http.HttpResults;
using Ordering.Api.Orders;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMeshClient();
builder.WebHost.UseMesh();
builder.Services.AddSingleton<OrderStore>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpClient<CatalogClient>(client => client.BaseAddress = new Uri("http://catalog"));

var app = builder.Build();

app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapGet("/api/orders", (OrderStore store) => store.All());
app.MapGet("/api/orders/{id:int}", Results<Ok<Order>, NotFound> (int id, OrderStore store) =>
    store.Find(id) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound());
app.MapPost("/api/orders", OrderPlacement.PlaceAsync);

app.Run();
