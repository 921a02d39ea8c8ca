namespace Mesh.Sdk.Tests.Integration;

/// <summary>Polls a condition that a live config change makes true a little later.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            T last;
            try
            {
                last = await attempt();
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                last = default!;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{what} did not happen in time; last: {last}");
            }

            await Task.Delay(50);
        }
    }
}
