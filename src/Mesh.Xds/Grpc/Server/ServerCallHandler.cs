using Google.Protobuf;
using Mesh.Xds.Grpc.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Mesh.Xds.Grpc.Server;

/// <summary>Serves one mapped method: checks the request, runs the handler, turns its outcome into a gRPC status.</summary>
internal sealed class ServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    Delegate handler,
    GrpcServerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly Status UnknownStatus = new(StatusCode.Unknown, "Exception was thrown by handler.");
    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    public async Task HandleAsync(HttpContext http)
    {
        if (!RequestChecks.TryAccept(http, method.FullName, logger))
        {
            return;
        }

        LiftBodyLimits(http);
        using var context = new HttpServerCallContext(http, method.FullName, options, timeProvider, logger);
        var handlerTask = InvokeAsync(http, context);
        if (context.DeadlineReached is { } deadline
            && await Task.WhenAny(handlerTask, deadline).ConfigureAwait(false) != handlerTask)
        {
            Log.DeadlineExceeded(logger, method.FullName, context.Peer);
            await CompleteAsync(context, DeadlineStatus, endResponse: true).ConfigureAwait(false);
            await ObserveAsync(handlerTask).ConfigureAwait(false);
            return;
        }

        var status = await RunAsync(handlerTask, context).ConfigureAwait(false);
        await CompleteAsync(context, status, endResponse: false).ConfigureAwait(false);
    }

    /// <summary>
    /// A gRPC stream (an ADS stream above all) may carry unbounded bytes and sit idle for minutes; Kestrel's
    /// per-request body size cap and minimum data rate would abort it. Message size is bounded per message instead.
    /// </summary>
    private static void LiftBodyLimits(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }

        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }
    }

    private async Task InvokeAsync(HttpContext http, HttpServerCallContext context)
    {
        var reader = new MessageReader<TRequest>(http.Request.BodyReader, method.RequestParser, options.MaxReceiveMessageSize);
        switch (method.Type)
        {
            case MethodType.Unary:
            {
                var request = await ReadSingleAsync(reader, context).ConfigureAwait(false);
                var response = await ((UnaryServerMethod<TRequest, TResponse>)handler)(request, context).ConfigureAwait(false);
                await context.WriteMessageAsync(response, context.CancellationToken).ConfigureAwait(false);
                break;
            }

            case MethodType.ServerStreaming:
            {
                var request = await ReadSingleAsync(reader, context).ConfigureAwait(false);
                var responses = new ServerResponseStream<TResponse>(context);
                await ((ServerStreamingServerMethod<TRequest, TResponse>)handler)(request, responses, context).ConfigureAwait(false);
                break;
            }

            case MethodType.ClientStreaming:
            {
                var requests = new ServerRequestStream<TRequest>(reader, context);
                var response = await ((ClientStreamingServerMethod<TRequest, TResponse>)handler)(requests, context).ConfigureAwait(false);
                await context.WriteMessageAsync(response, context.CancellationToken).ConfigureAwait(false);
                break;
            }

            default:
            {
                var requests = new ServerRequestStream<TRequest>(reader, context);
                var responses = new ServerResponseStream<TResponse>(context);
                await ((DuplexStreamingServerMethod<TRequest, TResponse>)handler)(requests, responses, context).ConfigureAwait(false);
                break;
            }
        }
    }

    private static async Task<TRequest> ReadSingleAsync(MessageReader<TRequest> reader, HttpServerCallContext context)
    {
        var request = await context.ReadMessageAsync(reader, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The request stream ended without a message"));
        if (await context.ReadMessageAsync(reader, context.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The request stream carried more than one message"));
        }

        return request;
    }

    private async Task<Status> RunAsync(Task handlerTask, HttpServerCallContext context)
    {
        try
        {
            await handlerTask.ConfigureAwait(false);
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            for (var i = 0; i < ex.Trailers.Count; i++)
            {
                context.ResponseTrailers.Add(ex.Trailers[i].Key, ex.Trailers[i].Value);
            }

            return ex.Status;
        }
        catch (OperationCanceledException) when (context.DeadlinePassed)
        {
            return DeadlineStatus;
        }
        catch (Exception) when (context.CallerGone)
        {
            Log.CancelledByCaller(logger, method.FullName, context.Peer);
            return new Status(StatusCode.Cancelled, "Call cancelled by the caller");
        }
        catch (Exception ex)
        {
            Log.HandlerThrew(logger, method.FullName, ex);
            return UnknownStatus;
        }
    }

    private static async Task CompleteAsync(HttpServerCallContext context, Status status, bool endResponse)
    {
        try
        {
            await context.CompleteAsync(status, endResponse).ConfigureAwait(false);
        }
        catch (Exception) when (context.CallerGone)
        {
            // The caller reset the stream; it will never read this status.
        }
    }

    private async Task ObserveAsync(Task handlerTask)
    {
        try
        {
            await handlerTask.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException or InvalidOperationException)
        {
            // Expected once the deadline cancelled the handler and closed the response.
        }
        catch (Exception ex)
        {
            Log.HandlerThrew(logger, method.FullName, ex);
        }
    }
}
