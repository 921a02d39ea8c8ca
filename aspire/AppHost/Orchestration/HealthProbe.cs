namespace AppHost.Orchestration;

/// <summary>Asks a resource's health path until it answers 2xx.</summary>
internal sealed class HealthProbe(HttpClient client, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>True once <paramref name="url"/> answers 2xx; false if <paramref name="exited"/> completes first.</summary>
    public async Task<bool> WaitHealthyAsync(string url, Task exited, CancellationToken cancellationToken)
    {
        while (!exited.IsCompleted)
        {
            if (await IsHealthyAsync(url, cancellationToken))
            {
                return true;
            }

            await Task.WhenAny(exited, Task.Delay(Interval, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return false;
    }

    private async Task<bool> IsHealthyAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
