using Mesh.Sdk.Balancing;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// What one try holds while it is in flight: its endpoint's in-flight count, its circuit-breaker slots and
/// its deadline. Released exactly once, when the try fails, is retried, or its response body ends or is
/// disposed, so least_request and max_requests see a streaming call for as long as it streams.
/// </summary>
internal sealed class CallLease
{
    private const int Active = 0;
    private const int Released = 1;
    private const int Expired = 2;

    private readonly EndpointState _endpoint;
    private readonly CircuitBreaker _breaker;
    private readonly bool _holdsConnection;
    private DeadlineSourcePool? _pool;
    private CancellationTokenSource? _deadline;
    private CancellationTokenRegistration _callerLink;
    private int _state;

    public CallLease(EndpointState endpoint, CircuitBreaker breaker, bool holdsConnection)
    {
        _endpoint = endpoint;
        _breaker = breaker;
        _holdsConnection = holdsConnection;
        endpoint.BeginRequest();
    }

    public EndpointState Endpoint => _endpoint;

    /// <summary>While the pool's sweep keeps this try's deadline: the timestamp it passes at.</summary>
    public long Due { get; set; }

    /// <summary>The pool's sweep slot this try holds, or -1.</summary>
    public int SweepSlot { get; set; } = -1;

    /// <summary>
    /// The token the try is sent with: the caller's, or one that also fires <paramref name="limit"/> after
    /// <paramref name="now"/>. The deadline and its link to the caller's token live until the lease is released,
    /// when the deadline's source goes back to <paramref name="pool"/>.
    /// </summary>
    public CancellationToken Arm(TimeSpan? limit, long now, DeadlineSourcePool pool, CancellationToken caller)
    {
        if (limit is not { } timeout)
        {
            return caller;
        }

        _pool = pool;
        _deadline = pool.Rent(timeout, now, this);
        if (caller.CanBeCanceled)
        {
            _callerLink = caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _deadline);
        }

        return _deadline.Token;
    }

    /// <summary>True when the try's own deadline fired (not the caller's cancellation).</summary>
    public bool DeadlinePassed(CancellationToken caller) => _deadline is { IsCancellationRequested: true } && !caller.IsCancellationRequested;

    /// <summary>
    /// Stops the deadline once headers are in: the route's timeout covers the wait for the response, not its body.
    /// A swept deadline leaves the sweep, so a long stream does not keep it running.
    /// </summary>
    public void StopDeadline()
    {
        if (SweepSlot >= 0)
        {
            _pool!.Untrack(this);
        }
        else
        {
            _deadline?.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The pool's sweep found the deadline passed: cancels the try, unless it was released first.</summary>
    public void Expire()
    {
        if (Interlocked.CompareExchange(ref _state, Expired, Active) == Active)
        {
            _deadline!.Cancel();
        }
    }

    public void Release()
    {
        var was = Interlocked.Exchange(ref _state, Released);
        if (was == Released)
        {
            return;
        }

        _endpoint.EndRequest();
        _breaker.Exit(_holdsConnection);
        _callerLink.Dispose();
        if (_deadline is not null)
        {
            // A source the sweep cancelled, or is cancelling, is not handed to another try.
            _pool!.Return(_deadline, this, reusable: was == Active);
        }
    }
}
