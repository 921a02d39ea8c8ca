using Google.Protobuf;
using Mesh.Test.Echo;
using Mesh.Xds.Grpc;

namespace Mesh.Xds.Tests.Grpc;

/// <summary>Our Echo implementation; behaves like echo-server.js and records what the handlers saw.</summary>
public sealed class EchoService(string name)
{
    private readonly TaskCompletionSource<string> _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ServerCallContext> _lastCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Metadata> _firstHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the method name when a handler's CancellationToken fires.</summary>
    public Task<string> Cancelled => _cancelled.Task;

    /// <summary>The first call's context.</summary>
    public Task<ServerCallContext> FirstCall => _lastCall.Task;

    /// <summary>The first call's request headers, read while the call was running.</summary>
    public Task<Metadata> FirstCallHeaders => _firstHeaders.Task;

    public void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcUnary(EchoMethods.Unary, UnaryAsync);
        endpoints.MapGrpcServerStreaming(EchoMethods.ServerStream, ServerStreamAsync);
        endpoints.MapGrpcClientStreaming(EchoMethods.ClientStream, ClientStreamAsync);
        endpoints.MapGrpcDuplexStreaming(EchoMethods.Bidi, BidiAsync);
    }

    private async Task<EchoReply> UnaryAsync(EchoRequest request, ServerCallContext context)
    {
        using var watch = Watch(context, "Unary");
        if (request.Message == "crash")
        {
            throw new InvalidOperationException("secret internal detail");
        }

        await DelayAsync(request, context);
        ThrowIfAsked(request);
        context.ResponseTrailers.Add("x-served-by", name);
        return Reply(request, string.Empty);
    }

    private async Task ServerStreamAsync(EchoRequest request, IServerStreamWriter<EchoReply> responses, ServerCallContext context)
    {
        using var watch = Watch(context, "ServerStream");
        for (var i = 0; i < request.Count; i++)
        {
            await responses.WriteAsync(Reply(request, "-" + i));
            await DelayAsync(request, context);
        }

        ThrowIfAsked(request);
    }

    private async Task<EchoReply> ClientStreamAsync(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        using var watch = Watch(context, "ClientStream");
        var messages = new List<string>();
        EchoRequest? failed = null;
        while (await requests.MoveNext(context.CancellationToken))
        {
            messages.Add(requests.Current.Message);
            failed ??= requests.Current.FailWithCode != 0 ? requests.Current : null;
        }

        if (failed is not null)
        {
            ThrowIfAsked(failed);
        }

        return new EchoReply { Message = string.Join(',', messages), Server = name };
    }

    private async Task BidiAsync(IAsyncStreamReader<EchoRequest> requests, IServerStreamWriter<EchoReply> responses, ServerCallContext context)
    {
        using var watch = Watch(context, "Bidi");
        while (await requests.MoveNext(context.CancellationToken))
        {
            var request = requests.Current;
            ThrowIfAsked(request);
            await DelayAsync(request, context);
            await responses.WriteAsync(Reply(request, string.Empty));
        }
    }

    private CancellationWatch Watch(ServerCallContext context, string method)
    {
        _firstHeaders.TrySetResult(context.RequestHeaders);
        _lastCall.TrySetResult(context);
        return new CancellationWatch(context.CancellationToken, () => _cancelled.TrySetResult(method));
    }

    private static Task DelayAsync(EchoRequest request, ServerCallContext context) =>
        request.DelayMs > 0 ? Task.Delay(request.DelayMs, context.CancellationToken) : Task.CompletedTask;

    private void ThrowIfAsked(EchoRequest request)
    {
        if (request.FailWithCode == 0)
        {
            return;
        }

        var trailers = new Metadata
        {
            { "x-failed-by", name },
            { "x-request-message", request.Message },
        };
        throw new RpcException(new Status((StatusCode)request.FailWithCode, "failed as asked: " + request.Message), trailers);
    }

    private EchoReply Reply(EchoRequest request, string suffix) => new()
    {
        Message = request.Message + suffix,
        Server = name,
        Payload = ByteString.CopyFrom(new byte[request.ReplySize]),
    };

    /// <summary>
    /// Reports a handler's cancellation whichever way the race below goes. A token runs its callbacks one at a
    /// time, newest first: the handler's Task.Delay callback runs before ours and queues the handler's resumption
    /// to the thread pool. Another thread may resume the handler, which ends and disposes this watch, before the
    /// cancelling thread reaches our callback; disposing then removes the callback unrun. The token is already
    /// cancelled by then, so Dispose reports it instead.
    /// </summary>
    private sealed class CancellationWatch : IDisposable
    {
        private readonly CancellationToken _token;
        private readonly Action _onCancelled;
        private readonly CancellationTokenRegistration _registration;

        public CancellationWatch(CancellationToken token, Action onCancelled)
        {
            _token = token;
            _onCancelled = onCancelled;
            _registration = token.Register(onCancelled);
        }

        public void Dispose()
        {
            _registration.Dispose();
            if (_token.IsCancellationRequested)
            {
                _onCancelled();
            }
        }
    }
}
