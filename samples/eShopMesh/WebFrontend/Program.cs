using WebFrontend.Shop;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMeshClient();
builder.WebHost.UseMesh();
builder.Services.AddHttpClient<CatalogClient>(client => client.BaseAddress = new Uri("http://catalog"));
builder.Services.AddHttpClient<BasketClient>(client => client.BaseAddress = new Uri("http://basket"));
builder.Services.AddHttpClient<RecommendationsClient>(client => client.BaseAddress = new Uri("http://recommendations"));

var app = builder.Build();

app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" }));
app.MapShop();

app.Run();
