using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>
/// Records what Mesh.Sdk and .NET's HTTP stack report while it lives: measurements of the <c>Mesh.Sdk</c>,
/// <c>System.Net.Http</c> and ASP.NET Core hosting meters, and the spans of <c>Mesh.Sdk</c>, <c>System.Net.Http</c> and <see cref="Caller"/>.
/// Listeners are process-wide, so tests read only what carries their own service name.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    public const string CallerSourceName = "Mesh.Sdk.Tests.Caller";

    private static readonly string[] Meters = ["Mesh.Sdk", "System.Net.Http", "Microsoft.AspNetCore.Hosting"];

    private readonly MeterListener _meters = new();
    private readonly ActivityListener _spans;
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _activities = new();

    public TelemetryRecorder()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.Start();
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Mesh.Sdk" or "System.Net.Http" or CallerSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_spans);
    }

    /// <summary>The source a test starts its caller's span from.</summary>
    public static ActivitySource Caller { get; } = new(CallerSourceName);

    /// <summary>The measurements of <paramref name="instrument"/> tagged <c>mesh.service</c> = <paramref name="service"/>.</summary>
    public IReadOnlyList<Measurement> Measurements(string instrument, string service) =>
        [.. _measurements.Where(m => m.Instrument == instrument && Equals(m.Tag("mesh.service"), service))];

    /// <summary>Every measurement of <paramref name="instrument"/>.</summary>
    public IReadOnlyList<Measurement> Measurements(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The stopped spans named <paramref name="operation"/> whose parent is <paramref name="parent"/>.</summary>
    public IReadOnlyList<Activity> Spans(string operation, Activity parent) =>
        [.. _activities.Where(a => a.OperationName == operation && a.ParentSpanId == parent.SpanId && a.TraceId == parent.TraceId)];

    /// <summary>The stopped span with id <paramref name="spanId"/>, if any.</summary>
    public Activity? Span(string spanId) => _activities.FirstOrDefault(a => a.SpanId.ToHexString() == spanId);

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    /// <summary>One recorded value and its tags.</summary>
    internal sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags)
    {
        public object? Tag(string name) => Tags.GetValueOrDefault(name);

        public override string ToString() => $"{Instrument}={Value} {{{string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}}}";
    }
}
