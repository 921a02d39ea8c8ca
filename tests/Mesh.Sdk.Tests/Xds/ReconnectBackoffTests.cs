using Mesh.Sdk.Xds;

namespace Mesh.Sdk.Tests.Xds;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Ceiling_doubles_from_the_initial_delay_up_to_the_maximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), new FixedRandom(0.5));

        var ceilings = new List<double>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            ceilings.Add(backoff.Ceiling.TotalSeconds);
            backoff.NextDelay();
        }

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30], ceilings);
    }

    [Fact]
    public void Delay_is_a_random_share_of_the_ceiling()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new FixedRandom(0.25));

        Assert.Equal(TimeSpan.FromSeconds(0.25), backoff.NextDelay());
        Assert.Equal(TimeSpan.FromSeconds(0.5), backoff.NextDelay());
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.NextDelay());
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_ceiling()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new FixedRandom(0.5));
        backoff.NextDelay();
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Ceiling);
    }

    [Fact]
    public void Huge_attempt_counts_stay_at_the_maximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5), new FixedRandom(0.999));
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            backoff.NextDelay();
        }

        Assert.Equal(TimeSpan.FromMinutes(5), backoff.Ceiling);
        Assert.InRange(backoff.NextDelay(), TimeSpan.Zero, TimeSpan.FromMinutes(5));
    }
}
