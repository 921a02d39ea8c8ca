using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mesh.Bench.Micro;

/// <summary>
/// BenchmarkDotNet's short job, run in-process: its generated projects would inherit the repository's
/// build props (central package versions, warnings as errors), and a short run keeps the suite to a
/// few minutes on a shared two-core machine.
/// </summary>
internal sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
