namespace Mesh.Sdk.Resilience;

/// <summary>
/// Caps retries at a share of calls over time, so a failing service sees at most that much extra load
/// (Linkerd's and Finagle's budget; Envoy's retry_budget only caps concurrency, which does not bound a
/// stream of quick failures). Each first try deposits the ratio of a token; each retry withdraws one. A
/// floor of <see cref="MinRetriesPerSecond"/> keeps retries possible at low traffic. Shared across rebuilds.
/// </summary>
internal sealed class RetryBudget
{
    /// <summary>Retries allowed per second even when deposits have run dry.</summary>
    public const int MinRetriesPerSecond = 10;

    // Milli-tokens, so deposits of a fraction of a token need no floating point state.
    private const long Scale = 1000;

    // Deposits beyond ten seconds of a full budget are not kept: a quiet spell should not bank a storm.
    private const long MaxBalance = 100 * Scale;

    private readonly TimeProvider _clock;
    private long _balance;
    private long _floorSecond;
    private int _floorUsed;

    public RetryBudget(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <summary>Records a first try, depositing <paramref name="ratio"/> of a token.</summary>
    public void Deposit(double ratio)
    {
        var amount = (long)(ratio * Scale);
        if (amount <= 0 || Volatile.Read(ref _balance) >= MaxBalance)
        {
            return;
        }

        Interlocked.Add(ref _balance, amount);
    }

    /// <summary>Takes a token for one retry; false when the budget is spent.</summary>
    public bool TryWithdraw()
    {
        while (true)
        {
            var balance = Volatile.Read(ref _balance);
            if (balance < Scale)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _balance, balance - Scale, balance) == balance)
            {
                return true;
            }
        }

        var second = _clock.GetTimestamp() / _clock.TimestampFrequency;
        var current = Volatile.Read(ref _floorSecond);
        if (current != second && Interlocked.CompareExchange(ref _floorSecond, second, current) == current)
        {
            Volatile.Write(ref _floorUsed, 0);
        }

        return Interlocked.Increment(ref _floorUsed) <= MinRetriesPerSecond;
    }
}
