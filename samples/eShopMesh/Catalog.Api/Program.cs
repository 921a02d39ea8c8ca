using Catalog.Api;
using Catalog.Api.Products;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMeshClient();
builder.WebHost.UseMesh();
builder.Services.AddOptions<CatalogOptions>()
    .BindConfiguration(CatalogOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<ProductStore>();

var app = builder.Build();

// Every response names the catalog version that served it, so callers can show the mesh's split.
var version = app.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.Version;
app.Use((context, next) =>
{
    context.Response.Headers[CatalogOptions.VersionHeader] = version;
    return next(context);
});

app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok", version }));
app.MapGet("/api/products", (ProductStore store) => store.List());
app.MapGet("/api/products/{id:int}", Results<Ok<Product>, NotFound> (int id, ProductStore store) =>
    store.Find(id) is { } product ? TypedResults.Ok(product) : TypedResults.NotFound());

app.Run();
