using System.Globalization;

namespace Mesh.Bench.Sdk.Load;

/// <summary>What an <c>sdk-load</c> run does.</summary>
/// <param name="Duration">How long each measured run lasts.</param>
/// <param name="Warmup">How long each client runs unmeasured before each measured run.</param>
/// <param name="Concurrency">How many request loops run at once.</param>
/// <param name="Rounds">How many measured runs each variant gets per protocol, interleaved with the other's.</param>
internal sealed record SdkLoadOptions(TimeSpan Duration, TimeSpan Warmup, int Concurrency, int Rounds)
{
    public static SdkLoadOptions Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 64, 3);

    /// <summary>Reads <c>--seconds 10</c>, <c>--warmup-seconds 2</c>, <c>--concurrency 64</c> and <c>--rounds 3</c>; the error names the bad argument.</summary>
    public static SdkLoadOptions Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = Default;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("--seconds" or "--warmup-seconds" or "--concurrency" or "--rounds"))
            {
                error = $"Unknown argument '{args[i]}'; sdk-load takes --seconds, --warmup-seconds, --concurrency and --rounds.";
                return Default;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"{args[i]} needs a positive whole number, got '{(i + 1 < args.Count ? args[i + 1] : string.Empty)}'.";
                return Default;
            }

            options = args[i] switch
            {
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(value) },
                "--warmup-seconds" => options with { Warmup = TimeSpan.FromSeconds(value) },
                "--concurrency" => options with { Concurrency = value },
                _ => options with { Rounds = value },
            };
            i++;
        }

        return options;
    }
}
