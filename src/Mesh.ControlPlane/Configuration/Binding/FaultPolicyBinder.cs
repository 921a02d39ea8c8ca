namespace Mesh.ControlPlane.Configuration.Binding;

/// <summary>Binds <c>rules[].fault</c>: injected aborts and delays.</summary>
internal static class FaultPolicyBinder
{
    internal static readonly string[] GrpcStatuses =
    [
        "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
        "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static FaultPolicy? Bind(NodeReader rule)
    {
        var fault = rule.Mapping("fault", false, "abort", "delay", "onlyWithHeader");
        if (fault is null)
        {
            return null;
        }

        var abort = BindAbort(fault);
        var delay = BindDelay(fault);
        var onlyWithHeader = fault.StringMap("onlyWithHeader");
        if (!fault.Has("abort") && !fault.Has("delay"))
        {
            fault.ErrorHere("fault must set abort, delay or both; remove fault to inject nothing");
        }

        return new FaultPolicy(abort, delay, onlyWithHeader);
    }

    private static FaultAbort? BindAbort(NodeReader fault)
    {
        var abort = fault.Mapping("abort", false, "percent", "httpStatus", "grpcStatus");
        if (abort is null)
        {
            return null;
        }

        var percent = abort.Number("percent", 0, 100, required: true);
        var httpStatus = abort.Integer("httpStatus", 200, 599);
        var grpcStatus = GrpcStatus(abort);
        var oneStatus = abort.ExactlyOne("httpStatus", "grpcStatus");
        return percent is null || !oneStatus ? null : new FaultAbort(percent.Value, (int?)httpStatus, grpcStatus);
    }

    // Written either way: UNAVAILABLE as gRPC names it, unavailable as retryOn does. Stored upper-case.
    private static string? GrpcStatus(NodeReader abort)
    {
        var written = abort.String("grpcStatus");
        if (written is null)
        {
            return null;
        }

        var status = written.ToUpperInvariant();
        if (!GrpcStatuses.Contains(status))
        {
            abort.Error("grpcStatus", $"grpcStatus must be a gRPC status name such as unavailable; one of {string.Join(", ", GrpcStatuses)}; got '{written}'");
            return null;
        }

        return status;
    }

    private static FaultDelay? BindDelay(NodeReader fault)
    {
        var delay = fault.Mapping("delay", false, "percent", "fixedDelay");
        if (delay is null)
        {
            return null;
        }

        var percent = delay.Number("percent", 0, 100, required: true);
        var fixedDelay = delay.Duration("fixedDelay", required: true);
        return percent is null || fixedDelay is null ? null : new FaultDelay(percent.Value, fixedDelay.Value);
    }
}
