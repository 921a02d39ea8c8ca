using System.Runtime.CompilerServices;
using Google.Protobuf;
using Mesh.Xds.Grpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Xds.Grpc;

/// <summary>Maps gRPC methods onto ASP.NET Core endpoint routing (Kestrel, HTTP/2).</summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    private const string LoggerCategory = "Mesh.Xds.Grpc.Server";
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> FallbackMapped = [];

    /// <summary>Serves a unary method at <c>POST /service/method</c>.</summary>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Map(endpoints, method, MethodType.Unary, handler);

    /// <summary>Serves a server-streaming method at <c>POST /service/method</c>.</summary>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapGrpcServerStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Map(endpoints, method, MethodType.ServerStreaming, handler);

    /// <summary>Serves a client-streaming method at <c>POST /service/method</c>.</summary>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapGrpcClientStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Map(endpoints, method, MethodType.ClientStreaming, handler);

    /// <summary>Serves a bidirectional streaming method at <c>POST /service/method</c>.</summary>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapGrpcDuplexStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Map(endpoints, method, MethodType.DuplexStreaming, handler);

    private static IEndpointConventionBuilder Map<TRequest, TResponse>(
        IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, MethodType expected, Delegate handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != expected)
        {
            throw new ArgumentException($"Method {method.FullName} is {method.Type}, but was mapped as {expected}.", nameof(method));
        }

        var services = endpoints.ServiceProvider;
        var options = services.GetService<IOptions<GrpcServerOptions>>()?.Value
            ?? throw new InvalidOperationException($"Mapping {method.FullName} needs services.AddGrpcServer() first.");
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        var call = new ServerCallHandler<TRequest, TResponse>(method, handler, options, timeProvider, logger);

        MapUnimplementedFallback(endpoints);
        return endpoints.MapPost(method.FullName, call.HandleAsync).WithDisplayName("gRPC " + method.FullName);
    }

    /// <summary>Answers gRPC calls to unmapped paths with Unimplemented rather than a bare 404.</summary>
    private static void MapUnimplementedFallback(IEndpointRouteBuilder endpoints)
    {
        if (FallbackMapped.TryGetValue(endpoints, out _))
        {
            return;
        }

        FallbackMapped.Add(endpoints, FallbackMapped);
        endpoints.MapFallback("{**path}", static http =>
        {
            if (!HttpMethods.IsPost(http.Request.Method) || !Wire.GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            RequestChecks.WriteTrailersOnly(http, new Status(StatusCode.Unimplemented, $"Method {http.Request.Path} is not implemented"));
            return Task.CompletedTask;
        }).WithDisplayName("gRPC unimplemented method");
    }
}
