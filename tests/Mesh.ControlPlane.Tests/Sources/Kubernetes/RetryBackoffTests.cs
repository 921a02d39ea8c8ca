using Mesh.ControlPlane.Sources.Kubernetes;

namespace Mesh.ControlPlane.Tests.Sources.Kubernetes;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Delays_double_up_to_the_maximum_with_jitter_in_the_upper_half_and_start_over_after_a_reset()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), new Random(7));
        double[] ceilings = [200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000];
        var delays = new List<double>();
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.NextDelay().TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
            delays.Add(delay);
        }

        // Jitter: two replicas failing together do not retry in lockstep.
        Assert.True(delays.Distinct().Count() == delays.Count);

        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 100, 200);
    }
}
