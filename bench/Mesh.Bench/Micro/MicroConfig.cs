using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mesh.Bench.Micro;

/// <summary>
/// BenchmarkDotNet's short job, run in-process: its generated projects would inherit the repository's
/// build props (central package versions, warnings as errors), and a short run keeps the suite to a
/// few minutes on a shared two-core machine. More warmup and iterations than ShortRun's three each:
/// in-process, the first benchmark otherwise measures code the busy machine has not yet re-jitted at
/// tier 1, and three iterations let other work on the machine swing the mean several-fold.
/// </summary>
internal sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(10).WithIterationCount(15).WithToolchain(InProcessEmitToolchain.Instance));
    }
}
