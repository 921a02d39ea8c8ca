namespace Mesh.ControlPlane.Tests.Configuration.Binding;

public sealed class FaultPolicyBinderTests : IDisposable
{
    private readonly ConfigDirectory directory = new();

    [Theory]
    [InlineData("unavailable")]
    [InlineData("UNAVAILABLE")]
    [InlineData("Unavailable")]
    public void Accepts_a_grpc_status_name_in_any_case_and_stores_it_as_grpc_writes_it(string written)
    {
        directory.Write("catalog.yaml", Yaml.Catalog).Write("route.yaml", Route($"abort: {{ percent: 30, grpcStatus: {written} }}"));

        var abort = directory.LoadValid().Routes["default/catalog"].Spec.Rules[0].Fault!.Abort!;

        Assert.Equal("UNAVAILABLE", abort.GrpcStatus);
        Assert.Equal(30, abort.Percent);
        Assert.Null(abort.HttpStatus);
    }

    [Fact]
    public void Rejects_an_unknown_grpc_status_naming_the_field_and_the_choices()
    {
        directory.Write("route.yaml", Route("abort: { percent: 30, grpcStatus: flaky }"));

        directory.LoadError("route.yaml:8", "spec.rules[0].fault.abort.grpcStatus", "grpcStatus must be a gRPC status name such as unavailable; one of CANCELLED");
    }

    public void Dispose() => directory.Dispose();

    private static string Route(string fault) => $$"""
        apiVersion: mesh.dev/v1alpha1
        kind: TrafficRoute
        metadata: { name: catalog }
        spec:
          service: catalog
          rules:
            - destinations: [{ weight: 1 }]
              fault: { {{fault}} }
        """;
}
