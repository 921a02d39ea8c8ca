using System.Globalization;
using Mesh.Sdk.Resilience;
using Mesh.Sdk.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Hosting;

/// <summary>
/// First in the server pipeline: admits each inbound request under this service's local rate limit, and
/// answers a refused one itself, 429 (or the configured status) for HTTP and a trailers-only
/// <c>RESOURCE_EXHAUSTED</c> for gRPC, flagged <c>RL</c> as Envoy's inbound local rate limit does. Then injects
/// the fault of the service's route the request matches, for callers outside the mesh only: a mesh caller
/// drew that fault already and marks its call with <see cref="MeshHeaders.FaultEvaluated"/>.
/// </summary>
internal sealed class MeshInboundMiddleware
{
    private const string GrpcContentType = "application/grpc";
    private const string RefusalMessage = "local rate limited";
    private const string AbortMessage = "fault filter abort";

    private static readonly string RateLimitedFlags = ResponseFlagsFormat.Format(ResponseFlags.RateLimited);
    private static readonly string DelayedFlags = ResponseFlagsFormat.Format(ResponseFlags.DelayInjected);
    private static readonly string ResourceExhausted = LocalReply.GrpcResourceExhausted.ToString(CultureInfo.InvariantCulture);
    private static readonly string EscapedRefusal = Uri.EscapeDataString(RefusalMessage);
    private static readonly string EscapedAbort = Uri.EscapeDataString(AbortMessage);

    private readonly RequestDelegate _next;
    private readonly InboundRateLimit _limit;
    private readonly MeshRouter _router;
    private readonly ILogger _logger;
    private readonly InboundTags _tags;

    public MeshInboundMiddleware(RequestDelegate next, InboundRateLimit limit, MeshRouter router, ILogger<MeshInboundMiddleware> logger)
    {
        _next = next;
        _limit = limit;
        _router = router;
        _logger = logger;
        _tags = new InboundTags(limit.ListenerName);
    }

    public Task InvokeAsync(HttpContext context)
    {
        _tags.Tag(context);
        if (_limit.Current is { } limit && !limit.Bucket.TryTake())
        {
            return RefuseAsync(context, limit);
        }

        return FaultFor(context.Request) is { } fault ? InjectAsync(context, fault) : _next(context);
    }

    // The fault of the route this request matches, unless a mesh caller already drew it or it does not apply.
    private FaultPolicy? FaultFor(HttpRequest request)
    {
        if (_limit.ListenerName is not { } listener ||
            !_router.Table.TryGetService(listener, out var service) ||
            service.Match(request)?.Policy.Fault is not { } fault ||
            request.Headers.ContainsKey(MeshHeaders.FaultEvaluated) ||
            !fault.Applies(request))
        {
            return null;
        }

        return fault;
    }

    private async Task InjectAsync(HttpContext context, FaultPolicy fault)
    {
        var request = context.Request;
        var flags = ResponseFlags.None;
        if (fault.DelayChance.Draw(Random.Shared))
        {
            await Task.Delay(fault.Delay, _router.TimeProvider, context.RequestAborted).ConfigureAwait(false);
            flags = ResponseFlags.DelayInjected;
        }

        if (fault.AbortChance.Draw(Random.Shared))
        {
            await AbortAsync(context, fault, flags | ResponseFlags.FaultInjected).ConfigureAwait(false);
            return;
        }

        if (flags != ResponseFlags.None)
        {
            _tags.Tag(context, flags);
            Log.InboundFaultDelayed(_logger, request.Method, request.Path, _limit.ListenerName, (long)fault.Delay.TotalMilliseconds);
            context.Response.Headers[MeshHeaders.ResponseFlags] = DelayedFlags;
        }

        await _next(context).ConfigureAwait(false);
    }

    private Task AbortAsync(HttpContext context, FaultPolicy fault, ResponseFlags flags)
    {
        var request = context.Request;
        var response = context.Response;
        _tags.Tag(context, flags);
        response.Headers[MeshHeaders.ResponseFlags] = ResponseFlagsFormat.Format(flags);
        if (IsGrpc(request) || fault.AbortHttpStatus is null)
        {
            var code = fault.AbortGrpcStatus ?? LocalReply.GrpcStatusFor(fault.AbortHttpStatus!.Value);
            Log.InboundFaultAborted(_logger, request.Method, request.Path, _limit.ListenerName, StatusCodes.Status200OK);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcContentType;
            response.Headers[MeshHeaders.GrpcStatus] = code.ToString(CultureInfo.InvariantCulture);
            response.Headers[MeshHeaders.GrpcMessage] = EscapedAbort;
            return Task.CompletedTask;
        }

        var status = fault.AbortHttpStatus.Value;
        Log.InboundFaultAborted(_logger, request.Method, request.Path, _limit.ListenerName, status);
        response.StatusCode = status;
        response.ContentType = "text/plain";
        return response.WriteAsync(AbortMessage, context.RequestAborted);
    }

    private Task RefuseAsync(HttpContext context, LocalRateLimitPolicy limit)
    {
        var request = context.Request;
        var response = context.Response;
        _tags.Tag(context, ResponseFlags.RateLimited);
        response.Headers[MeshHeaders.ResponseFlags] = RateLimitedFlags;
        if (IsGrpc(request))
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

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } contentType && contentType.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase);
}
