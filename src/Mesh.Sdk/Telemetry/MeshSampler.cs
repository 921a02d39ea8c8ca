using System.Buffers.Binary;
using System.Diagnostics;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Mesh.Sdk.Hosting;
using Mesh.Sdk.Xds;
using OpenTelemetry.Trace;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// The sampler of the mesh's OTLP export. A span with a parent follows the parent's sampled flag, so a trace is kept
/// or dropped whole across services. A trace that starts here is kept with the mesh's <c>tracing.samplingPercent</c>,
/// which the control plane sends as each listener's <c>tracing.random_sampling</c> (this service's own listener
/// first), decided from the trace id as OpenTelemetry's ratio sampler does; every one is kept while no listener
/// carries a rate (static config, or a mesh that leaves sampling unset).
/// </summary>
internal sealed class MeshSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly string? _ownListener;
    private readonly ResourcesView<double?> _percent;

    public MeshSampler(MeshRouter router, string? ownListener)
    {
        _ownListener = ownListener;
        _percent = new ResourcesView<double?>(router, Read);
        Description = "MeshSampler";
    }

    /// <summary>The share of new traces kept, 0 to 100, or null when no listener carries one.</summary>
    public double? Percent => _percent.Current;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default)
        {
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Keep : Drop;
        }

        return Percent is not { } percent || Keeps(samplingParameters.TraceId, percent) ? Keep : Drop;
    }

    /// <summary>Whether a new trace with <paramref name="traceId"/> is kept at <paramref name="percent"/>: its low 8 bytes against the share of the range.</summary>
    public static bool Keeps(ActivityTraceId traceId, double percent)
    {
        if (percent >= 100)
        {
            return true;
        }

        if (percent <= 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        var low = BinaryPrimitives.ReadInt64BigEndian(bytes[8..]);
        var bound = (long)(percent / 100 * long.MaxValue);
        return (low == long.MinValue ? long.MaxValue : Math.Abs(low)) < bound;
    }

    private double? Read(XdsResources resources)
    {
        if (_ownListener is { } own && resources.Listeners.TryGetValue(own, out var listener) && RandomSampling(listener) is { } mine)
        {
            return mine;
        }

        foreach (var (_, other) in resources.Listeners)
        {
            if (RandomSampling(other) is { } percent)
            {
                return percent;
            }
        }

        return null;
    }

    private static double? RandomSampling(Listener listener)
    {
        if (listener.ApiListener?.ApiListener_ is not { } any || !any.Is(HttpConnectionManager.Descriptor))
        {
            return null;
        }

        try
        {
            return any.Unpack<HttpConnectionManager>().Tracing?.RandomSampling?.Value;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
