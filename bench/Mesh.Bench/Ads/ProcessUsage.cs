using System.Diagnostics;
using System.Globalization;

namespace Mesh.Bench.Ads;

/// <summary>Reads another process's resident memory (from <c>/proc/PID/status</c>, Linux) and CPU time.</summary>
internal static class ProcessUsage
{
    /// <summary>User plus system CPU time the process has used so far, over all its threads.</summary>
    public static TimeSpan ReadCpuTime(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return process.TotalProcessorTime;
    }

    /// <summary>The process's <c>VmRSS</c> in bytes.</summary>
    public static async Task<long> ReadResidentBytesAsync(int processId, CancellationToken cancellationToken)
    {
        var path = $"/proc/{processId}/status";
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            // "VmRSS:	  123456 kB"
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{path} has no VmRSS line; is process {processId} still running?");
    }
}
