namespace WebFrontend.Shop;

/// <summary>
/// Calls the recommendations service through the mesh (<c>http://recommendations</c>): a Node.js service whose
/// sidecar receives the call. Recommendations are extra: when they fail the shop shows the page without them.
/// </summary>
internal sealed class RecommendationsClient(HttpClient client, ILogger<RecommendationsClient> logger)
{
    public async Task<Recommendations?> GetAsync(string? pinnedVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/recommendations");
        if (!string.IsNullOrEmpty(pinnedVersion))
        {
            request.Headers.Add("x-catalog-version", pinnedVersion);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<Recommendations>(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning("Recommendations are unavailable ({Reason}); the shop page is shown without them.", exception.Message);
            return null;
        }
    }
}
