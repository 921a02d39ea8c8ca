using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Mesh.Xds.Grpc.Wire;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Xds.Grpc.Server;

/// <summary>One server call on Kestrel: its metadata, its deadline, and the only path that writes the response.</summary>
internal sealed class HttpServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly int? _maxSendMessageSize;
    private readonly CancellationTokenSource _cancellation;
    private readonly ITimer? _deadlineTimer;
    private readonly TaskCompletionSource? _deadlineReached;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private bool _wroteMessage;
    private bool _completed;
    private volatile bool _requestReset;

    public HttpServerCallContext(HttpContext http, string method, GrpcServerOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        _maxSendMessageSize = options.MaxSendMessageSize;
        Method = method;
        Peer = FormatPeer(http.Connection.RemoteIpAddress, http.Connection.RemotePort);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        Deadline = DateTime.MaxValue;

        string? timeoutHeader = http.Request.Headers[GrpcProtocol.TimeoutHeader];
        if (timeoutHeader is null)
        {
            return;
        }

        if (!GrpcTimeout.TryParse(timeoutHeader, out var timeout))
        {
            Log.InvalidTimeout(logger, method, Peer, timeoutHeader);
            return;
        }

        Deadline = timeProvider.GetUtcNow().UtcDateTime + timeout;
        _deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _deadlineTimer = timeProvider.CreateTimer(static state => ((HttpServerCallContext)state!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public override string Method { get; }

    public override string Peer { get; }

    public override DateTime Deadline { get; }

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders(_http.Request.Headers);

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Completes when the deadline passes; null when the call has none.</summary>
    public Task? DeadlineReached => _deadlineReached?.Task;

    public bool DeadlinePassed => _deadlineReached?.Task.IsCompleted == true;

    public bool CallerGone => _requestReset || _http.RequestAborted.IsCancellationRequested;

    /// <summary>
    /// Reads the next request message. When the caller resets the stream, Kestrel fails a pending body read at
    /// once but cancels RequestAborted later from the thread pool; a handler that ends on that read error before
    /// then would never see its token fire, and the call would be logged as a crash. So a failed read cancels
    /// the handler's token itself and marks the caller as gone.
    /// </summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageReader<T> reader, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        try
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException)
        {
            _requestReset = true;
            CancelHandler();
            throw;
        }
    }

    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw DeadlinePassed
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"))
                    : new InvalidOperationException($"Cannot write to {Method}: the call is already complete.");
            }

            var output = _http.Response.BodyWriter;
            MessageFrame.Write(output, message, _maxSendMessageSize);
            _wroteMessage = true;
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Sends the status: in trailers, or in headers when nothing was sent yet (trailers-only).</summary>
    /// <param name="status">The call's status.</param>
    /// <param name="endResponse">Whether to end the HTTP/2 stream now rather than when the request delegate returns.</param>
    public async Task CompleteAsync(Status status, bool endResponse)
    {
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            var response = _http.Response;
            var trailersOnly = !_wroteMessage && !response.HasStarted;
            var statusText = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Append(response, trailersOnly, GrpcProtocol.StatusHeader, statusText);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                Append(response, trailersOnly, GrpcProtocol.MessageHeader, GrpcMessageEncoding.Encode(status.Detail));
            }

            if (_responseTrailers is not null)
            {
                for (var i = 0; i < _responseTrailers.Count; i++)
                {
                    var entry = _responseTrailers[i];
                    if (!GrpcProtocol.IsReservedHeader(entry.Key))
                    {
                        Append(response, trailersOnly, entry.Key, entry.Value);
                    }
                }
            }

            if (endResponse)
            {
                await response.CompleteAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _cancellation.Dispose();
        _writeGate.Dispose();
    }

    private void OnDeadline()
    {
        _deadlineReached!.TrySetResult();
        CancelHandler();
    }

    private void CancelHandler()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended meanwhile; there is nothing left to cancel.
        }
    }

    private static void Append(HttpResponse response, bool trailersOnly, string key, string value)
    {
        if (trailersOnly)
        {
            response.Headers.Append(key, value);
        }
        else
        {
            response.AppendTrailer(key, value);
        }
    }

    private static Metadata ReadRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                metadata.Add(header.Key, value ?? string.Empty);
            }
        }

        return metadata;
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6, IsIPv4MappedToIPv6: true } => $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
