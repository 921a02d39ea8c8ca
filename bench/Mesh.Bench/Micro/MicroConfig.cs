using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mesh.Bench.Micro;

/// <summary>
/// A short job run in-process: BenchmarkDotNet's generated projects would inherit the repository's
/// build props (central package versions, warnings as errors), and a short run keeps the whole
/// suite to a few minutes on a shared two-core machine.
/// </summary>
internal sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
