using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// What one try holds while it is in flight: its endpoint's in-flight count, its circuit-breaker slots and
/// its deadline. Released exactly once, when the try fails, is retried, or its response body ends or is
/// disposed, so least_request and max_requests see a streaming call for as long as it streams.
/// </summary>
internal sealed class CallLease
{
    private readonly EndpointState _endpoint;
    private readonly CircuitBreaker _breaker;
    private readonly bool _holdsConnection;
    private DeadlineSourcePool? _pool;
    private CancellationTokenSource? _deadline;
    private CancellationTokenRegistration _callerLink;
    private int _released;

    public CallLease(EndpointState endpoint, CircuitBreaker breaker, bool holdsConnection)
    {
        _endpoint = endpoint;
        _breaker = breaker;
        _holdsConnection = holdsConnection;
        endpoint.BeginRequest();
    }

    public EndpointState Endpoint => _endpoint;

    /// <summary>
    /// The token the try is sent with: the caller's, or one that also fires after <paramref name="limit"/>.
    /// The deadline's timer and its link to the caller's token live until the lease is released, when the
    /// deadline's source goes back to <paramref name="pool"/>.
    /// </summary>
    public CancellationToken Arm(TimeSpan? limit, DeadlineSourcePool pool, CancellationToken caller)
    {
        if (limit is not { } timeout)
        {
            return caller;
        }

        _pool = pool;
        _deadline = pool.Rent(timeout);
        if (caller.CanBeCanceled)
        {
            _callerLink = caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _deadline);
        }

        return _deadline.Token;
    }

    /// <summary>True when the try's own deadline fired (not the caller's cancellation).</summary>
    public bool DeadlinePassed(CancellationToken caller) => _deadline is { IsCancellationRequested: true } && !caller.IsCancellationRequested;

    /// <summary>Stops the deadline once headers are in: the route's timeout covers the wait for the response, not its body.</summary>
    public void StopDeadline() => _deadline?.CancelAfter(Timeout.InfiniteTimeSpan);

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        _endpoint.EndRequest();
        _breaker.Exit(_holdsConnection);
        _callerLink.Dispose();
        if (_deadline is not null)
        {
            _pool!.Return(_deadline);
        }
    }
}
