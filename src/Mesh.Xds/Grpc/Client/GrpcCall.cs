using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Mesh.Xds.Grpc.Wire;

namespace Mesh.Xds.Grpc.Client;

/// <summary>
/// One client call over HttpClient: sends the request, reads the response incrementally and settles the
/// status exactly once, from trailers, headers (trailers-only), the HTTP status, cancellation or the deadline.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IClientCall
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly Status CancelledStatus = new(StatusCode.Cancelled, "Call cancelled by the client.");
    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    private readonly HttpClient _httpClient;
    private readonly Uri _address;
    private readonly GrpcClientOptions _options;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _callOptions;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _callerRegistration;
    private ITimer? _deadlineTimer;
    private Task? _responseStarted;
    private HttpResponseMessage? _response;
    private MessageReader<TResponse>? _reader;
    private volatile Outcome? _outcome;

    public GrpcCall(HttpClient httpClient, Uri address, GrpcClientOptions options, Method<TRequest, TResponse> method, CallOptions callOptions, TRequest? request)
    {
        _httpClient = httpClient;
        _address = address;
        _options = options;
        _method = method;
        _callOptions = callOptions;
        Content = new GrpcRequestContent(request);
    }

    public GrpcRequestContent Content { get; }

    public int? MaxSendMessageSize => _options.MaxSendMessageSize;

    /// <summary>Cancelled when the call ends early; every I/O of the call observes it.</summary>
    public CancellationToken CallToken => _cancellation.Token;

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    public void Start()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = Content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation("user-agent", GrpcProtocol.UserAgent);
        if (_callOptions.Headers is { } metadata)
        {
            for (var i = 0; i < metadata.Count; i++)
            {
                var entry = metadata[i];
                if (GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    throw new ArgumentException($"Header '{entry.Key}' is reserved by gRPC and cannot be sent as call metadata.", "options");
                }

                headers.TryAddWithoutValidation(entry.Key, entry.Value);
            }
        }

        if (_callOptions.CancellationToken.CanBeCanceled)
        {
            _callerRegistration = _callOptions.CancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Finish(CancelledStatus, null), this);
        }

        if (_callOptions.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var utcDeadline = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            var timeout = utcDeadline - _options.TimeProvider.GetUtcNow().UtcDateTime;
            if (timeout <= TimeSpan.Zero)
            {
                request.Dispose();
                Finish(DeadlineStatus, null);
                return;
            }

            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
            _deadlineTimer = _options.TimeProvider.CreateTimer(static s => ((GrpcCall<TRequest, TResponse>)s!).Finish(DeadlineStatus, null), this, timeout, Timeout.InfiniteTimeSpan);
        }

        _responseStarted = ReceiveHeadersAsync(request);
    }

    /// <summary>The next response message; null at an OK end.</summary>
    /// <exception cref="RpcException">The call ended with a non-OK status.</exception>
    public async Task<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Finish(CancelledStatus, null), this)
            : default;
        if (_responseStarted is not null)
        {
            await _responseStarted.ConfigureAwait(false);
        }

        if (_outcome is null && _reader is { } reader)
        {
            try
            {
                var message = await reader.ReadAsync(_cancellation.Token).ConfigureAwait(false);
                if (message is not null)
                {
                    return message;
                }

                var trailing = _response!.TrailingHeaders;
                var status = TryReadStatus(trailing, out var trailerStatus)
                    ? trailerStatus
                    : new Status(StatusCode.Internal, "The response ended without a grpc-status trailer");
                Finish(status, ReadMetadata(trailing));
            }
            catch (Exception ex)
            {
                Finish(StatusFrom(ex), null);
            }

            await reader.CompleteAsync().ConfigureAwait(false);
        }

        var outcome = _outcome!;
        return outcome.Status.StatusCode == StatusCode.OK ? null : throw outcome.ToException();
    }

    /// <summary>Reads the one response message of a unary or client-streaming call, then its status.</summary>
    public async Task<TResponse> ReadSingleAsync()
    {
        var response = await ReadNextAsync(CancellationToken.None).ConfigureAwait(false);
        var extra = await ReadNextAsync(CancellationToken.None).ConfigureAwait(false);
        if (response is null || extra is not null)
        {
            var status = new Status(StatusCode.Internal, response is null
                ? "The server ended the call with OK but sent no response message"
                : "The server sent more than one response message");
            Finish(status, null);
            throw new RpcException(status, _outcome?.Trailers ?? []);
        }

        return response;
    }

    /// <summary>Throws when nothing more can be written: the call's error, or that it is complete.</summary>
    public void ThrowIfFinished()
    {
        if (_outcome is { } outcome)
        {
            throw outcome.Status.StatusCode == StatusCode.OK
                ? new InvalidOperationException($"Cannot write to {_method.FullName}: the call is already complete.")
                : outcome.ToException();
        }
    }

    /// <summary>Ends the call because a write failed; returns the status to throw.</summary>
    public RpcException FailWrite(Exception exception)
    {
        Finish(StatusFrom(exception), null);
        return _outcome!.ToException();
    }

    /// <summary>Cancels the call unless it has already finished.</summary>
    public void Cancel() => Finish(CancelledStatus, null);

    public Status GetStatus() =>
        _outcome?.Status ?? throw new InvalidOperationException($"The status of {_method.FullName} is not known until the call is complete.");

    public Metadata GetTrailers() =>
        _outcome?.Trailers ?? throw new InvalidOperationException($"The trailers of {_method.FullName} are not known until the call is complete.");

    public void Dispose()
    {
        Cancel();
        _callerRegistration.Dispose();
        _deadlineTimer?.Dispose();
        _response?.Dispose();
    }

    private async Task ReceiveHeadersAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(StatusFrom(ex), null);
            return;
        }

        lock (_lock)
        {
            if (_outcome is not null)
            {
                response.Dispose();
                return;
            }

            _response = response;
        }

        var headers = ReadMetadata(response.Headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = HttpStatusMapping.ToStatusCode(response.StatusCode);
            Finish(new Status(code, string.Create(CultureInfo.InvariantCulture, $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}")), headers);
            return;
        }

        if (TryReadStatus(response.Headers, out var trailersOnlyStatus))
        {
            _responseHeaders.TrySetResult(headers);
            Finish(trailersOnlyStatus, headers);
            return;
        }

        var contentType = response.Content.Headers.NonValidated.TryGetValues("content-type", out var values) ? values.ToString() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Content-Type '{contentType}' is not application/grpc"), headers);
            return;
        }

        _responseHeaders.TrySetResult(headers);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(_cancellation.Token).ConfigureAwait(false);
            _reader = new MessageReader<TResponse>(PipeReader.Create(body), _method.ResponseParser, _options.MaxReceiveMessageSize);
        }
        catch (Exception ex)
        {
            Finish(StatusFrom(ex), null);
        }
    }

    /// <summary>Settles the status once; a non-OK status resets the HTTP/2 stream.</summary>
    private void Finish(Status status, Metadata? trailers)
    {
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_outcome is not null)
            {
                return;
            }

            _outcome = new Outcome(status, trailers ?? []);
            response = _response;
        }

        if (status.StatusCode == StatusCode.OK)
        {
            Content.Complete();
            _responseHeaders.TrySetResult([]);
            return;
        }

        Content.Abort();
        if (_responseHeaders.TrySetException(_outcome.ToException()))
        {
            _ = _responseHeaders.Task.Exception;
        }

        _cancellation.Cancel();
        response?.Dispose();
    }

    private Status StatusFrom(Exception exception)
    {
        if (_outcome is { } settled)
        {
            return settled.Status;
        }

        return exception switch
        {
            RpcException rpc => rpc.Status,
            OperationCanceledException => CancelledStatus,
            HttpProtocolException { ErrorCode: 0x8 } => new Status(StatusCode.Cancelled, "The server cancelled the stream"),
            _ => new Status(StatusCode.Unavailable, "Error talking to " + _address.Authority + ": " + exception.Message),
        };
    }

    private static bool TryReadStatus(HttpHeaders headers, out Status status)
    {
        status = default;
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var codes))
        {
            return false;
        }

        var detail = headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var messages)
            ? GrpcMessageEncoding.Decode(messages.ToString())
            : string.Empty;
        status = int.TryParse(codes.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? new Status((StatusCode)code, detail)
            : new Status(StatusCode.Unknown, $"Invalid grpc-status '{codes}': {detail}");
        return true;
    }

    private static Metadata ReadMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                metadata.Add(header.Key, value);
            }
        }

        return metadata;
    }

    private sealed record Outcome(Status Status, Metadata Trailers)
    {
        public RpcException ToException() => new(Status, Trailers);
    }
}
