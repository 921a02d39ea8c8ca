namespace Mesh.Sdk.Telemetry;

/// <summary>One cluster's calls over one load-report interval.</summary>
/// <param name="Succeeded">Calls answered below 500.</param>
/// <param name="Failed">Calls answered 5xx, by the upstream or by the mesh.</param>
/// <param name="BucketCounts">Calls per latency bucket of <see cref="Mesh.Xds.LoadReportLatency"/>.</param>
/// <param name="BucketSeconds">The summed latency of each bucket's calls.</param>
internal sealed record LoadSnapshot(long Succeeded, long Failed, long[] BucketCounts, double[] BucketSeconds)
{
    public bool IsEmpty => Succeeded == 0 && Failed == 0;
}
