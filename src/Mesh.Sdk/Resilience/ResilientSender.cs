using System.Net;
using Mesh.Sdk.Balancing;
using Mesh.Sdk.Routing;
using Mesh.Sdk.Telemetry;
using Microsoft.Extensions.Logging;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// Sends one routed call under its route's and cluster's policy: fault injection, deadline (propagated
/// upstream), tries on endpoints the pickers choose (a retry avoids the endpoint that just failed), circuit
/// breaking, retry budget and outlier detection. Every response the mesh produced or altered carries
/// <see cref="MeshHeaders.ResponseFlags"/>. A call under a fault policy carries
/// <see cref="MeshHeaders.FaultEvaluated"/> so the callee's <c>UseMesh()</c> does not inject the fault a second
/// time. The callee's local rate limit is enforced by each of its instances (<c>MeshInboundMiddleware</c>), not
/// here, so its callers do not multiply it. Telemetry (a span per try, counters, the cluster's load for the load
/// report) goes through the <see cref="Telemetry"/> types, which allocate nothing while no one listens.
/// </summary>
internal sealed class ResilientSender : IDisposable
{
    private const string FaultEvaluatedValue = "1";
    private const string HostHeader = "Host";
    private const long SmallBodyBytes = 16 * 1024;

    // Enough for the tries in flight on a busy handler; beyond it sources are made and disposed as before.
    private const int PooledDeadlines = 256;

    private readonly Func<HttpRequestMessage, Uri, EndpointState, CancellationToken, Task<HttpResponseMessage>> _send;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeadlineSourcePool _deadlines;

    /// <param name="send">Sends one try of a request whose URI is the service's to the endpoint picked for it.</param>
    /// <param name="time">The clock of deadlines, back-offs and durations.</param>
    /// <param name="logger">Where retries, ejections and overflows are logged.</param>
    public ResilientSender(Func<HttpRequestMessage, Uri, EndpointState, CancellationToken, Task<HttpResponseMessage>> send, TimeProvider time, ILogger logger)
    {
        _send = send;
        _time = time;
        _logger = logger;
        _deadlines = new DeadlineSourcePool(time, PooledDeadlines);
    }

    /// <summary>Stops the deadlines' sweep.</summary>
    public void Dispose() => _deadlines.Dispose();

    /// <summary>
    /// Sends <paramref name="request"/>, whose URI is the service's, to endpoints of <paramref name="route"/>, and
    /// leaves it as it came: its URI back to <paramref name="original"/>, and the <c>Host</c> header the mesh
    /// handler added removed when <paramref name="removeHost"/> is set. One async method for the whole call, so a
    /// call that completes asynchronously pays for one state machine.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Uri original, RouteEntry route, bool removeHost, CancellationToken cancellationToken)
    {
        var policy = route.Policy;
        var grpc = LocalReply.IsGrpc(request);
        var flags = ResponseFlags.None;
        var fault = policy.Fault;
        string? callerTimeoutText = null;
        var callerTimeout = grpc ? UpstreamSignals.ReadGrpcTimeout(request.Headers, out callerTimeoutText) : null;
        var cluster = route.PickCluster();
        var started = _time.GetTimestamp();
        ReplayableContent? replay = null;
        HttpResponseMessage? result = null;
        try
        {
            if (fault is not null && fault.Applies(request))
            {
                if (fault.DelayChance.Draw(Random.Shared))
                {
                    await Task.Delay(fault.Delay, _time, cancellationToken).ConfigureAwait(false);
                    flags |= ResponseFlags.DelayInjected;
                }

                if (fault.AbortChance.Draw(Random.Shared))
                {
                    return result = LocalReply.Create(request, grpc, fault.AbortHttpStatus, fault.AbortGrpcStatus, "fault filter abort", flags | ResponseFlags.FaultInjected);
                }
            }

            // A gRPC body is a stream to HttpClient; keeping a copy while it is sent lets a retry replay a unary call.
            replay = grpc && policy.Retry is not null && request.Content is { } body and not ReplayableContent ? new ReplayableContent(body) : null;
            if (replay is not null)
            {
                request.Content = replay;
            }

            if (fault is not null)
            {
                request.Headers.TryAddWithoutValidation(MeshHeaders.FaultEvaluated, FaultEvaluatedValue);
            }

            // The route's timeout starts after an injected delay, as it does behind Envoy's fault filter; the call's
            // duration (telemetry) includes it. Without a delay one clock read serves both.
            var timeout = Min(grpc ? policy.GrpcTimeout : policy.HttpTimeout, callerTimeout);
            var retry = policy.Retry;
            var deadlineStarted = (flags & ResponseFlags.DelayInjected) != 0 ? _time.GetTimestamp() : started;
            var resilience = cluster.Resilience;
            var breaker = resilience.Breaker;
            resilience.Budget.Deposit(breaker.RetryRatio);
            var context = new PickContext(route.HashRequest(request));
            var rewindable = request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;
            var idempotent = grpc || UpstreamSignals.IsIdempotent(request.Method) || (retry?.Conditions & RetryConditions.NonIdempotent) != 0;
            var holdsConnection = request.Version.Major < 2;
            var retrying = false;

            for (var attempt = 0; ; attempt++)
            {
                var now = attempt == 0 ? deadlineStarted : _time.GetTimestamp();
                var remaining = timeout is not { } total ? (TimeSpan?)null : total - _time.GetElapsedTime(deadlineStarted, now);
                if (remaining <= TimeSpan.Zero)
                {
                    ExitRetry(breaker, ref retrying);
                    return result = LocalReply.Create(request, grpc, 504, LocalReply.GrpcDeadlineExceeded, "upstream request timeout", flags | ResponseFlags.UpstreamRequestTimeout);
                }

                if (cluster.Pick(context) is not { } endpoint)
                {
                    ExitRetry(breaker, ref retrying);
                    Hosting.Log.NoEndpoint(_logger, cluster.Name);
                    return result = LocalReply.Create(request, grpc, 503, LocalReply.GrpcUnavailable, "no healthy upstream", flags | ResponseFlags.NoHealthyUpstream);
                }

                if (breaker.TryEnter(holdsConnection) is { } overflow)
                {
                    ExitRetry(breaker, ref retrying);
                    Log.Overflow(_logger, cluster.Name, overflow);
                    MeshMetrics.RecordOverflow(resilience.Telemetry, overflow);
                    return result = LocalReply.Create(request, grpc, 503, LocalReply.GrpcUnavailable, $"upstream overflow: {overflow}", flags | ResponseFlags.UpstreamOverflow, overflow);
                }

                var tryLimit = Min(remaining, retry?.PerTryTimeout);
                var lease = new CallLease(endpoint, breaker, holdsConnection);
                var token = lease.Arm(tryLimit, now, _deadlines, cancellationToken);
                var overallExpires = remaining is { } r && (retry?.PerTryTimeout is not { } p || r <= p);
                UpstreamSignals.SetDeadlineHeader(request.Headers, grpc, tryLimit, policy.DeadlineHeader);
                var flagsText = ResponseFlagsText.Of(flags);
                AttemptTags.Attach(request, route, resilience.Telemetry, attempt, flagsText);
                var span = MeshTracing.StartAttempt(request, route, resilience.Telemetry, endpoint, attempt, flagsText);

                HttpResponseMessage? response = null;
                var failure = AttemptFailure.None;
                try
                {
                    response = await _send(request, original, endpoint, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (lease.DeadlinePassed(cancellationToken))
                {
                    failure = AttemptFailure.PerTryTimeout;
                }
                catch (HttpRequestException exception)
                {
                    failure = UpstreamSignals.Classify(exception);
                }
                catch
                {
                    MeshTracing.StopAttempt(span, null, AttemptFailure.Reset);
                    breaker.HeadersArrived();
                    ExitRetry(breaker, ref retrying);
                    lease.Release();
                    throw;
                }

                MeshTracing.StopAttempt(span, response, failure);
                breaker.HeadersArrived();
                ExitRetry(breaker, ref retrying);
                var outliers = resilience.Outliers;
                if (response is not null)
                {
                    var status = (int)response.StatusCode;
                    var grpcStatus = grpc ? UpstreamSignals.ReadGrpcStatus(response.Headers) : null;
                    var judged = grpcStatus is { } code && status == 200 ? LocalReply.HttpStatusFor(code) : status;
                    if (judged >= 500)
                    {
                        RecordFailure(outliers, endpoint, judged);
                    }
                    else
                    {
                        outliers?.RecordSuccess(endpoint);
                    }

                    var wanted = retry is not null && retry.RetriesResponse(status, grpcStatus) && CanResend(request, rewindable) && idempotent;
                    if (wanted && CanRetry(retry!, attempt, resilience))
                    {
                        retrying = true;
                        MeshMetrics.RecordRetry(route, resilience.Telemetry);
                        response.Dispose();
                        lease.Release();
                        context = context with { Avoid = endpoint };
                        await BackOffAsync(retry!, attempt, endpoint, breaker, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (wanted)
                    {
                        flags |= ResponseFlags.UpstreamRetryLimitExceeded;
                    }

                    if (EndsWithHeaders(request, response, grpc))
                    {
                        lease.Release();
                    }
                    else
                    {
                        lease.StopDeadline();
                        response.Content = new LeasedContent(response.Content, lease);
                    }

                    ResponseFlagsFormat.Stamp(response, flags);
                    return result = response;
                }

                lease.Release();
                RecordFailure(outliers, endpoint, failure == AttemptFailure.PerTryTimeout ? 504 : null);
                if (failure == AttemptFailure.PerTryTimeout && overallExpires)
                {
                    return result = LocalReply.Create(request, grpc, 504, LocalReply.GrpcDeadlineExceeded, "upstream request timeout", flags | ResponseFlags.UpstreamRequestTimeout);
                }

                var neverSent = failure is AttemptFailure.ConnectFailure or AttemptFailure.RefusedStream;
                var retriable = retry is not null && retry.RetriesFailure(failure) && (neverSent || (CanResend(request, rewindable) && idempotent));
                if (retriable && CanRetry(retry!, attempt, resilience))
                {
                    retrying = true;
                    MeshMetrics.RecordRetry(route, resilience.Telemetry);
                    context = context with { Avoid = endpoint };
                    await BackOffAsync(retry!, attempt, endpoint, breaker, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var failed = failure switch
                {
                    AttemptFailure.ConnectFailure => ResponseFlags.UpstreamConnectionFailure,
                    AttemptFailure.PerTryTimeout => ResponseFlags.UpstreamRequestTimeout,
                    _ => ResponseFlags.UpstreamConnectionTermination,
                };
                if (retriable)
                {
                    failed |= ResponseFlags.UpstreamRetryLimitExceeded;
                }

                return result = failure == AttemptFailure.PerTryTimeout
                    ? LocalReply.Create(request, grpc, 504, LocalReply.GrpcDeadlineExceeded, "upstream request timeout", flags | failed)
                    : LocalReply.Create(request, grpc, 503, LocalReply.GrpcUnavailable, $"upstream connect error or disconnect/reset before headers ({failure})", flags | failed);
            }
        }
        finally
        {
            Restore(request, original, removeHost, grpc, fault is not null, replay, callerTimeoutText);
            if (result is not null)
            {
                CallTelemetry.Finish(route, cluster.Resilience.Telemetry, result, grpc, _time.GetElapsedTime(started));
            }
        }
    }

    // A response with no body, or a small one of known length, is as good as done when its headers arrive: its
    // body is already on its way in a read or two, so its try stops counting then and the response keeps its
    // own content. Only a request without a body qualifies, so no upload outlives the try's token.
    private static bool EndsWithHeaders(HttpRequestMessage request, HttpResponseMessage response, bool grpc) =>
        !grpc && request.Content is null &&
        (request.Method == HttpMethod.Head || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified ||
         response.Content.Headers.ContentLength is <= SmallBodyBytes);

    private static void Restore(HttpRequestMessage request, Uri original, bool removeHost, bool grpc, bool faulted, ReplayableContent? replay, string? callerTimeout)
    {
        request.RequestUri = original;
        var headers = request.Headers;
        if (removeHost)
        {
            headers.Remove(HostHeader);
        }

        if (replay is not null)
        {
            request.Content = replay.Inner;
        }

        if (faulted)
        {
            headers.Remove(MeshHeaders.FaultEvaluated);
        }

        headers.Remove(grpc ? MeshHeaders.GrpcTimeout : MeshHeaders.ExpectedTimeout);
        if (callerTimeout is not null)
        {
            headers.TryAddWithoutValidation(MeshHeaders.GrpcTimeout, callerTimeout);
        }
    }

    // A body can go again when HttpClient can rewind it, or when its whole first sending was kept.
    private static bool CanResend(HttpRequestMessage request, bool rewindable) =>
        rewindable || request.Content is ReplayableContent { CanReplay: true };

    // Admits the next try: within num_retries, the breaker's retry limit and the retry budget.
    private static bool CanRetry(RetryPlan retry, int attempt, ClusterResilience resilience)
    {
        if (attempt >= retry.MaxRetries || !resilience.Breaker.TryEnterRetry())
        {
            return false;
        }

        if (resilience.Budget.TryWithdraw())
        {
            return true;
        }

        resilience.Breaker.ExitRetry();
        return false;
    }

    private static void ExitRetry(CircuitBreaker breaker, ref bool retrying)
    {
        if (retrying)
        {
            breaker.ExitRetry();
            retrying = false;
        }
    }

    // A cancelled back-off gives the retry slot it was admitted with back.
    private async Task BackOffAsync(RetryPlan retry, int attempt, EndpointState failed, CircuitBreaker breaker, CancellationToken cancellationToken)
    {
        Log.Retrying(_logger, failed.ToString(), attempt + 1);
        var delay = retry.BackOff(attempt + 1, Random.Shared);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            breaker.ExitRetry();
            throw;
        }
    }

    private void RecordFailure(OutlierDetector? outliers, EndpointState endpoint, int? status)
    {
        if (outliers?.RecordFailure(endpoint, status) is { } reason)
        {
            Log.Ejected(_logger, endpoint.ToString(), reason, (long)outliers.Policy.EjectionTime(endpoint.Outlier.Ejections).TotalMilliseconds);
        }
    }

    private static TimeSpan? Min(TimeSpan? left, TimeSpan? right) =>
        left is { } l ? (right is { } r ? (l < r ? l : r) : l) : right;
}
