using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Security;

/// <summary>
/// First in the server pipeline. Admits a GET or HEAD of a health probe path (<c>Mesh:ProbePaths</c>) untouched,
/// as Linkerd admits kubelet probes. Under strict mTLS, refuses any other plaintext request (403, gRPC
/// <c>UNAUTHENTICATED</c>). Then checks each request against the service's AccessPolicies (the RBAC filters of its listener) with the
/// caller's SPIFFE ID from its client certificate. A refused request is answered 403 (gRPC:
/// <c>PERMISSION_DENIED</c>), and the server logs who was refused, what they asked for and why, as audit event
/// 6150 <c>AccessDenied</c>. Without policies every request passes. A request that arrives before the service's
/// own config waits for it, up to <c>Mesh:ConfigWaitTimeout</c>, so a strict mode cannot be slipped past at startup.
/// </summary>
internal sealed class MeshAuthorizationMiddleware
{
    private const string Denied = "RBAC: access denied";
    private const string MtlsRequired = "mTLS required";
    private const string GrpcPermissionDenied = "7";
    private const string GrpcUnauthenticated = "16";
    private static readonly ConditionalWeakTable<X509Certificate2, string> Identities = [];

    private readonly RequestDelegate _next;
    private readonly ServerSecuritySource _security;
    private readonly ILogger _logger;
    private readonly HashSet<string> _probePaths;

    public MeshAuthorizationMiddleware(RequestDelegate next, ServerSecuritySource security, IEnumerable<string> probePaths, ILogger<MeshAuthorizationMiddleware> logger)
    {
        _next = next;
        _security = security;
        _probePaths = new HashSet<string>(probePaths, StringComparer.OrdinalIgnoreCase);
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Health probes come from an orchestrator or the kubelet, which hold no mesh identity: as Linkerd does,
        // the mesh admits them (GET or HEAD of a probe path only) whatever the mode and policies say.
        if (IsProbe(context.Request))
        {
            return _next(context);
        }

        if (_security.Current is { } security)
        {
            return Authorize(context, security);
        }

        // Until this service's own config is in, nothing says whether plaintext or a caller is allowed: a request
        // that early waits for it (bounded by Mesh:ConfigWaitTimeout) rather than slipping past a strict mode.
        var first = _security.FirstConfig;
        return first.IsCompleted ? _next(context) : AuthorizeAfterAsync(first, context);
    }

    private async Task AuthorizeAfterAsync(Task firstConfig, HttpContext context)
    {
        await firstConfig.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        await (_security.Current is { } security ? Authorize(context, security) : _next(context)).ConfigureAwait(false);
    }

    private Task Authorize(HttpContext context, ServerSecurity security)
    {
        if (security.Mode == MtlsMode.Strict && !context.Request.IsHttps)
        {
            return RefusePlaintextAsync(context);
        }

        if (security.Rules is not { } rules)
        {
            return _next(context);
        }

        var caller = CallerIdentity(context);
        var request = context.Request;
        if (rules.Check(request, caller) is not { } reason)
        {
            return _next(context);
        }

        var who = caller ?? $"an unauthenticated caller at {context.Connection.RemoteIpAddress}";
        Log.AccessDenied(_logger, who, request.Method, request.Path.Value ?? "/", _security.ListenerName ?? "this service", reason);
        return RefuseAsync(context, GrpcPermissionDenied, Denied);
    }

    private bool IsProbe(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && _probePaths.Contains(request.Path.Value ?? string.Empty);

    private Task RefusePlaintextAsync(HttpContext context)
    {
        var request = context.Request;
        Log.PlaintextRefused(_logger, $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}", request.Method, request.Path.Value ?? "/");

        // The connection closes after the answer: nothing more travels over it in plaintext.
        context.Response.Headers.Connection = "close";
        return RefuseAsync(context, GrpcUnauthenticated, MtlsRequired);
    }

    private static Task RefuseAsync(HttpContext context, string grpcStatus, string message)
    {
        var request = context.Request;
        var response = context.Response;
        if (request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = grpcStatus;
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/plain";
        return response.WriteAsync(message, context.RequestAborted);
    }

    // TLS already verified the certificate against the mesh roots; the ID is parsed once per certificate.
    private static string? CallerIdentity(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate
            ? Identities.GetValue(certificate, static c => SpiffeIdentity.Of(c) ?? string.Empty) is { Length: > 0 } id ? id : null
            : null;
}
