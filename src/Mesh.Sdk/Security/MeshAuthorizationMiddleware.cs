using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Security;

/// <summary>
/// First in the server pipeline: checks each request against the service's AccessPolicies (the RBAC filters of
/// its listener) with the caller's SPIFFE ID from its client certificate. A refused request is answered 403
/// (gRPC: <c>PERMISSION_DENIED</c>), and the server logs who was refused, what they asked for and why, as audit
/// event 6150 <c>AccessDenied</c>. Without policies every request passes.
/// </summary>
internal sealed class MeshAuthorizationMiddleware
{
    private const string Denied = "RBAC: access denied";
    private static readonly ConditionalWeakTable<X509Certificate2, string> Identities = [];

    private readonly RequestDelegate _next;
    private readonly ServerSecuritySource _security;
    private readonly ILogger _logger;

    public MeshAuthorizationMiddleware(RequestDelegate next, ServerSecuritySource security, ILogger<MeshAuthorizationMiddleware> logger)
    {
        _next = next;
        _security = security;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_security.Current?.Rules is not { } rules)
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
        var response = context.Response;
        if (request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = "7";
            response.Headers["grpc-message"] = Uri.EscapeDataString(Denied);
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/plain";
        return response.WriteAsync(Denied, context.RequestAborted);
    }

    // TLS already verified the certificate against the mesh roots; the ID is parsed once per certificate.
    private static string? CallerIdentity(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate
            ? Identities.GetValue(certificate, static c => SpiffeIdentity.Of(c) ?? string.Empty) is { Length: > 0 } id ? id : null
            : null;
}
