using Mesh.Sdk.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sdk.Tests.Resilience;

public sealed class RetryBudgetTests
{
    [Fact]
    public void Allows_the_ratio_of_calls_as_retries_plus_a_small_floor_each_second()
    {
        var time = new FakeTimeProvider();
        var budget = new RetryBudget(time);
        for (var i = 0; i < 1000; i++)
        {
            budget.Deposit(0.2);
        }

        var allowed = Enumerable.Range(0, 1000).Count(_ => budget.TryWithdraw());
        Assert.Equal(100 + RetryBudget.MinRetriesPerSecond, allowed);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RetryBudget.MinRetriesPerSecond, Enumerable.Range(0, 100).Count(_ => budget.TryWithdraw()));
    }
}
