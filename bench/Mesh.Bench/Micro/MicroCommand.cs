using BenchmarkDotNet.Running;

namespace Mesh.Bench.Micro;

/// <summary><c>micro</c>: hands the remaining arguments (<c>--filter</c>, <c>--list</c>, ...) to BenchmarkDotNet.</summary>
internal static class MicroCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run([.. args]);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
