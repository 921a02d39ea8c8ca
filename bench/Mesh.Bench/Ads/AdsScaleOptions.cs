using System.Collections.Immutable;
using System.Globalization;

namespace Mesh.Bench.Ads;

/// <summary>What an <c>ads-scale</c> run does: the client counts to try and how hard to push setup.</summary>
/// <param name="ClientCounts">One run with a fresh mesh-cp per count.</param>
/// <param name="ConnectConcurrency">How many clients may be connecting and syncing at once.</param>
/// <param name="Timeout">How long setup, and separately the config change, may take before the run gives up.</param>
/// <param name="Hold">How long to keep the clients connected after the measurement, so mesh-cp can be inspected (dotnet-gcdump, <c>GET /clients</c>).</param>
internal sealed record AdsScaleOptions(ImmutableArray<int> ClientCounts, int ConnectConcurrency, TimeSpan Timeout, TimeSpan Hold)
{
    public static AdsScaleOptions Default { get; } = new([100, 1_000, 5_000], 200, TimeSpan.FromMinutes(3), TimeSpan.Zero);

    /// <summary>Reads <c>--clients 100,1000</c>, <c>--connect-concurrency 200</c> and <c>--hold-seconds 60</c>; the error names the bad argument.</summary>
    public static AdsScaleOptions Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = Default;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--clients" when value is not null && TryParseCounts(value, out var counts):
                    options = options with { ClientCounts = counts };
                    i++;
                    break;
                case "--connect-concurrency" when value is not null && TryParsePositive(value, out var concurrency):
                    options = options with { ConnectConcurrency = concurrency };
                    i++;
                    break;
                case "--hold-seconds" when value is not null && TryParsePositive(value, out var seconds):
                    options = options with { Hold = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--clients" or "--connect-concurrency" or "--hold-seconds":
                    error = $"{args[i]} needs a positive number{(args[i] == "--clients" ? " list such as 100,1000,5000" : string.Empty)}, got '{value}'.";
                    return Default;
                default:
                    error = $"Unknown argument '{args[i]}'; ads-scale takes --clients, --connect-concurrency and --hold-seconds.";
                    return Default;
            }
        }

        return options;
    }

    private static bool TryParseCounts(string text, out ImmutableArray<int> counts)
    {
        var builder = ImmutableArray.CreateBuilder<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParsePositive(part.Replace("_", string.Empty, StringComparison.Ordinal), out var count))
            {
                counts = [];
                return false;
            }

            builder.Add(count);
        }

        counts = builder.ToImmutable();
        return !counts.IsEmpty;
    }

    private static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
