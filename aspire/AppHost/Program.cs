// The eShopMesh AppHost: `dotnet run --project aspire/AppHost [-- --environment staging]`.
// Written against Aspire's API shape; only the small orchestrator under Hosting/ stands in for Aspire.Hosting.
using AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
var meshConfig = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "../../samples/eShopMesh/mesh"));
var meshData = Path.Combine(Path.GetTempPath(), "eshopmesh", builder.Environment.EnvironmentName, "mesh-cp");

var controlPlane = builder.AddProject("mesh-cp", "../../src/Mesh.ControlPlane")
    .WithArgs(
        "--config-dir", meshConfig,
        "--environment", builder.Environment.EnvironmentName,
        "--xds-address", "127.0.0.1:15010",
        "--admin-address", "127.0.0.1:15014",
        "--data-dir", meshData)
    .WithHttpEndpoint(port: 15010, name: "xds", host: "127.0.0.1")
    .WithHttpEndpoint(port: 15014, name: "admin")
    .WithHttpHealthCheck("/healthz", endpointName: "admin");

var catalogV1 = builder.AddProject("catalog-v1", "../../samples/eShopMesh/Catalog.Api")
    .WithHttpEndpoint(port: 5101)
    .WithEnvironment("Catalog__Version", "v1")
    .WithMesh(controlPlane, "catalog")
    .WithHttpHealthCheck("/healthz")
    .WaitFor(controlPlane);

var catalogV2 = builder.AddProject("catalog-v2", "../../samples/eShopMesh/Catalog.Api")
    .WithHttpEndpoint(port: 5102)
    .WithEnvironment("Catalog__Version", "v2")
    .WithMesh(controlPlane, "catalog")
    .WithHttpHealthCheck("/healthz")
    .WaitFor(controlPlane);

var ordering = builder.AddProject("ordering", "../../samples/eShopMesh/Ordering.Api")
    .WithHttpEndpoint(port: 5301)
    .WithMesh(controlPlane, "ordering")
    .WithReference(catalogV1, "catalog")
    .WithReference(catalogV2, "catalog")
    .WithHttpHealthCheck("/healthz")
    .WaitFor(catalogV1)
    .WaitFor(catalogV2);

var basket = builder.AddProject("basket", "../../samples/eShopMesh/Basket.Api")
    .WithHttpEndpoint(port: 5201)
    .WithMesh(controlPlane, "basket")
    .WithReference(ordering)
    .WithHttpHealthCheck("/healthz")
    .WaitFor(ordering);

// Recommendations is Node.js with no mesh library; mesh-sidecar beside it joins it to the mesh.
var recommendations = builder.AddNodeApp("recommendations", "../../samples/eShopMesh/Recommendations/server.js")
    .WithHttpEndpoint(port: 5401, host: "127.0.0.1")
    .WithEnvironment("PORT", "5401")
    .WithEnvironment("MESH_OUTBOUND_PORT", "5403")
    .WithHttpHealthCheck("/healthz")
    .WaitFor(catalogV1)
    .WaitFor(catalogV2);

var recommendationsSidecar = builder.AddProject("recommendations-sidecar", "../../src/Mesh.SidecarFallback")
    .WithArgs("--app-port", "5401", "--inbound-port", "5402", "--outbound-port", "5403", "--admin-port", "5404")
    .WithHttpEndpoint(port: 5402, name: "inbound", host: "127.0.0.1")
    .WithHttpEndpoint(port: 5404, name: "admin", host: "127.0.0.1")
    .WithMesh(controlPlane, "recommendations")
    .WithHttpHealthCheck("/ready", endpointName: "admin")
    .WaitFor(recommendations);

builder.AddProject("webfrontend", "../../samples/eShopMesh/WebFrontend")
    .WithHttpEndpoint(port: 5080)
    .WithMesh(controlPlane, "webfrontend")
    .WithReference(catalogV1, "catalog")
    .WithReference(catalogV2, "catalog")
    .WithReference(basket)
    .WithHttpHealthCheck("/healthz")
    .WaitFor(basket)
    .WaitFor(recommendationsSidecar);

builder.Build().Run();
