namespace Mesh.SidecarFallback.Health;

/// <summary>The admin port: <c>/healthz</c> (the process serves) and <c>/ready</c> (config in place, not stopping).</summary>
internal sealed class HealthEndpoints
{
    private readonly Readiness _readiness;
    private readonly string _listener;
    private readonly ILogger _logger;

    public HealthEndpoints(Readiness readiness, string listener, ILogger logger)
    {
        _readiness = readiness;
        _listener = listener;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/plain; charset=utf-8";
        switch (context.Request.Path.Value)
        {
            case "/healthz":
                return response.WriteAsync("ok\n");
            case "/ready":
                if (_readiness.Check() is { } reason)
                {
                    response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return response.WriteAsync("not ready: " + reason + "\n");
                }

                if (_readiness.FirstReady())
                {
                    Log.Ready(_logger, _listener);
                }

                return response.WriteAsync("ready\n");
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return response.WriteAsync("mesh-sidecar admin port: GET /healthz or /ready\n");
        }
    }
}
