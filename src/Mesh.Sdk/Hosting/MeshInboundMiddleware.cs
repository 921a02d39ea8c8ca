using System.Globalization;
using Mesh.Sdk.Resilience;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// First in the server pipeline: admits each inbound request under this service's local rate limit, and
/// answers a refused one itself, 429 (or the configured status) for HTTP and a trailers-only
/// <c>RESOURCE_EXHAUSTED</c> for gRPC, flagged <c>RL</c> as Envoy's inbound local rate limit does.
/// </summary>
internal sealed class MeshInboundMiddleware
{
    private const string GrpcContentType = "application/grpc";
    private const string RefusalMessage = "local rate limited";

    private static readonly string RateLimitedFlags = ResponseFlagsFormat.Format(ResponseFlags.RateLimited);
    private static readonly string ResourceExhausted = LocalReply.GrpcResourceExhausted.ToString(CultureInfo.InvariantCulture);
    private static readonly string EscapedRefusal = Uri.EscapeDataString(RefusalMessage);

    private readonly RequestDelegate _next;
    private readonly InboundRateLimit _limit;
    private readonly ILogger _logger;

    public MeshInboundMiddleware(RequestDelegate next, InboundRateLimit limit, ILogger<MeshInboundMiddleware> logger)
    {
        _next = next;
        _limit = limit;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_limit.Current is not { } limit || limit.Bucket.TryTake())
        {
            return _next(context);
        }

        return RefuseAsync(context, limit);
    }

    private Task RefuseAsync(HttpContext context, LocalRateLimitPolicy limit)
    {
        var request = context.Request;
        var response = context.Response;
        var grpc = request.ContentType is { } contentType && contentType.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase);
        response.Headers[MeshHeaders.ResponseFlags] = RateLimitedFlags;
        if (grpc)
        {
            Log.InboundRateLimited(_logger, request.Method, request.Path, _limit.ListenerName, StatusCodes.Status200OK);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcContentType;
            response.Headers[MeshHeaders.GrpcStatus] = ResourceExhausted;
            response.Headers[MeshHeaders.GrpcMessage] = EscapedRefusal;
            return Task.CompletedTask;
        }

        Log.InboundRateLimited(_logger, request.Method, request.Path, _limit.ListenerName, limit.Status);
        response.StatusCode = limit.Status;
        response.ContentType = "text/plain";
        return response.WriteAsync(RefusalMessage, context.RequestAborted);
    }
}
