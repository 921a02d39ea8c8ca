using Mesh.SidecarFallback.Forwarding;

namespace Mesh.SidecarFallback.Outbound;

/// <summary>
/// The application's way out: every request on the outbound port goes through the mesh handler, so a
/// service name is routed (weights, retries, timeouts, breakers, mTLS) and any other host passes through.
/// </summary>
internal sealed class OutboundProxy
{
    private readonly HttpForwarder _forwarder;
    private readonly OutboundTarget _target = new();
    private readonly ILogger _logger;

    public OutboundProxy(HttpForwarder forwarder, ILogger logger)
    {
        _forwarder = forwarder;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_target.Resolve(context, out var problem) is not { } destination)
        {
            Log.OutboundRefused(_logger, problem!);
            return HttpForwarder.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "mesh-sidecar: " + problem);
        }

        return _forwarder.ForwardAsync(context, destination, keepHost: false);
    }
}
