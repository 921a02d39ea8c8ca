using System.Runtime.InteropServices;
using Mesh.ControlPlane.Sources;

namespace Mesh.Bench.Ads;

/// <summary><c>ads-scale</c>: runs <see cref="AdsScaleRun"/> for each client count and prints a markdown table.</summary>
internal static class AdsScaleCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = AdsScaleOptions.Parse(args, out var error);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }

        using var config = new EchoConfigDirectory();
        var run = new AdsScaleRun(options, config, TimeProvider.System);
        var results = new List<AdsScaleResult>();
        foreach (var count in options.ClientCounts)
        {
            results.Add(await run.RunAsync(count, cancellationToken));
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; connect concurrency {options.ConnectConcurrency}");
        Console.WriteLine();
        Console.WriteLine(AdsScaleResult.MarkdownHeader);
        foreach (var result in results)
        {
            Console.WriteLine(result.ToMarkdownRow());
        }

        Console.WriteLine();
        Console.WriteLine($"change → ACK runs from the moment the new YAML is renamed into place, so it includes mesh-cp's {DirectoryConfigSource.QuietPeriod.TotalMilliseconds:F0} ms file-watch quiet period.");
        Console.WriteLine("mesh-cp CPU is user + system time of the mesh-cp process (all threads) during setup and during the change, clients CPU the same for this process; unlike latency, CPU time barely depends on other load on the machine.");
        Console.WriteLine("RSS is VmRSS of the mesh-cp process, read 1 s after startup and 1 s after the last client is in sync; KB per client = (after - before) / clients in sync.");
        var failed = false;
        foreach (var result in results)
        {
            foreach (var (failure, times) in result.Failures)
            {
                Console.WriteLine($"{result.Clients} clients: {times} × {failure}");
                failed = true;
            }
        }

        return failed ? 1 : 0;
    }
}
