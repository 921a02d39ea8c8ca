using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Bench.Sdk.Load;

/// <summary>
/// <c>sdk-load</c>: plain <see cref="HttpClient"/> against the same client with <c>AddMeshClient()</c>, both
/// from <c>IHttpClientFactory</c>, calling a Kestrel upstream process over HTTP/1.1 and h2c; a third variant is
/// the plain client setting <c>Host</c> as the mesh does. Runs alternate (plain, plain + Host, mesh, then
/// the reverse, ...) so drift in the machine's load hits every variant; prints markdown tables.
/// </summary>
internal static class SdkLoadCommand
{
    private const string Plain = "plain";
    private const string PlainWithHost = "plain + Host";
    private const string Mesh = "mesh";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SdkLoadOptions.Parse(args, out var error);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }

        await using var upstream = await UpstreamProcess.StartAsync();
        var results = new List<LoadRunResult>();
        foreach (var (protocol, version, port) in new[] { ("HTTP/1.1", System.Net.HttpVersion.Version11, upstream.Http1Port), ("h2c", System.Net.HttpVersion.Version20, upstream.H2cPort) })
        {
            var endpoint = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
            await using var plainServices = StaticMeshServices.Build(endpoint, mesh: false);
            await using var meshServices = StaticMeshServices.Build(endpoint, mesh: true);
            var runs = new Dictionary<string, LoadRun>
            {
                [Plain] = Run(plainServices, new Uri(endpoint + "/"), version, options.Concurrency, upstream.ProcessId),
                [PlainWithHost] = Run(plainServices, new Uri(endpoint + "/"), version, options.Concurrency, upstream.ProcessId, "catalog"),
                [Mesh] = Run(meshServices, new Uri("http://catalog/"), version, options.Concurrency, upstream.ProcessId),
            };
            for (var round = 1; round <= options.Rounds; round++)
            {
                string[] order = round % 2 == 1 ? [Plain, PlainWithHost, Mesh] : [Mesh, PlainWithHost, Plain];
                foreach (var variant in order)
                {
                    await runs[variant].WarmUpAsync(options.Warmup, cancellationToken);
                    var result = await runs[variant].MeasureAsync(protocol, variant, round, options.Duration, cancellationToken);
                    await Console.Error.WriteLineAsync(result.ToMarkdownRow());
                    results.Add(result);
                }
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; {options.Concurrency} loops, {options.Rounds} rounds of {options.Duration.TotalSeconds:F0} s per variant after {options.Warmup.TotalSeconds:F0} s warmup each"));
        Console.WriteLine();
        Console.WriteLine(LoadRunResult.MarkdownHeader);
        foreach (var result in results)
        {
            Console.WriteLine(result.ToMarkdownRow());
        }

        Console.WriteLine();
        Console.WriteLine(LoadComparison.MarkdownHeader);
        foreach (var protocol in results.Select(r => r.Protocol).Distinct())
        {
            var runs = results.Where(r => r.Protocol == protocol).ToList();
            Console.WriteLine(LoadComparison.From(protocol, runs, Plain, Mesh).ToMarkdownRow());
            Console.WriteLine(LoadComparison.From(protocol, runs, Plain, PlainWithHost).ToMarkdownRow());
        }

        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static LoadRun Run(IServiceProvider services, Uri uri, Version version, int concurrency, int upstreamProcessId, string? hostHeader = null) =>
        new(services.GetRequiredService<IHttpClientFactory>().CreateClient(StaticMeshServices.ClientName), uri, version, concurrency, upstreamProcessId, hostHeader);
}
