using Mesh.Bench.Ads;
using Mesh.Bench.Micro;
using Mesh.Bench.Sdk.Load;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run dispose its clients and kill mesh-cp instead of leaving it behind.
    e.Cancel = true;
    stop.Cancel();
};

return args switch
{
    ["ads-scale", .. var rest] => await AdsScaleCommand.RunAsync(rest, stop.Token),
    ["micro", .. var rest] => MicroCommand.Run(rest),
    ["sdk-load", .. var rest] => await SdkLoadCommand.RunAsync(rest, stop.Token),
    ["upstream"] => await UpstreamServer.RunAsync(stop.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run -c Release --project bench/Mesh.Bench -- ads-scale [--clients 100,1000,5000] [--connect-concurrency 200] [--hold-seconds 0]
          dotnet run -c Release --project bench/Mesh.Bench -- micro [BenchmarkDotNet arguments, e.g. --filter '*']
          dotnet run -c Release --project bench/Mesh.Bench -- sdk-load [--seconds 10] [--warmup-seconds 2] [--concurrency 64] [--rounds 3]
          (upstream: the Kestrel server sdk-load starts as a child process)
        """);
    return 2;
}
