namespace Mesh.Sdk.Resilience;

/// <summary>Writes <see cref="ResponseFlags"/> as Envoy prints them: short codes joined by commas (<c>UF,URX</c>).</summary>
internal static class ResponseFlagsFormat
{
    private static readonly (ResponseFlags Flag, string Code)[] Codes =
    [
        (ResponseFlags.NoHealthyUpstream, "UH"),
        (ResponseFlags.UpstreamConnectionFailure, "UF"),
        (ResponseFlags.UpstreamOverflow, "UO"),
        (ResponseFlags.NoRoute, "NR"),
        (ResponseFlags.UpstreamRetryLimitExceeded, "URX"),
        (ResponseFlags.UpstreamRequestTimeout, "UT"),
        (ResponseFlags.UpstreamConnectionTermination, "UC"),
        (ResponseFlags.DelayInjected, "DI"),
        (ResponseFlags.FaultInjected, "FI"),
        (ResponseFlags.RateLimited, "RL"),
    ];

    public static string Format(ResponseFlags flags)
    {
        var codes = new List<string>(2);
        foreach (var (flag, code) in Codes)
        {
            if ((flags & flag) != 0)
            {
                codes.Add(code);
            }
        }

        return string.Join(',', codes);
    }

    /// <summary>Adds the flags header to <paramref name="response"/>, merged with any flags it already carries.</summary>
    public static void Stamp(HttpResponseMessage response, ResponseFlags flags)
    {
        if (flags == ResponseFlags.None)
        {
            return;
        }

        response.Headers.Remove(MeshHeaders.ResponseFlags);
        response.Headers.TryAddWithoutValidation(MeshHeaders.ResponseFlags, Format(flags));
    }
}
