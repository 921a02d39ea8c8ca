using System.Diagnostics.Metrics;

namespace Mesh.Sdk.Telemetry;

/// <summary>
/// Tells whether anyone listens to .NET's <c>http.client.request.duration</c>, so the mesh attaches its tags to
/// a request only when they will be read. It watches the instruments <c>System.Net.Http</c> publishes (one
/// per meter factory) without ever enabling them itself.
/// </summary>
internal static class HttpClientMetricsProbe
{
    private const string MeterName = "System.Net.Http";
    private const string InstrumentName = "http.client.request.duration";

    // Declared before the listener: starting it publishes the existing instruments into this array.
    private static Instrument[] _instruments = [];
    private static readonly MeterListener Listener = Start();

    /// <summary>True when some listener records at least one of the instruments.</summary>
    public static bool Enabled
    {
        get
        {
            GC.KeepAlive(Listener);
            foreach (var instrument in Volatile.Read(ref _instruments))
            {
                if (instrument.Enabled)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static MeterListener Start()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = static (instrument, _) =>
            {
                if (instrument.Name == InstrumentName && instrument.Meter.Name == MeterName)
                {
                    Add(instrument);
                }
            },
        };
        listener.Start();
        return listener;
    }

    private static void Add(Instrument instrument)
    {
        Instrument[] current, next;
        do
        {
            current = Volatile.Read(ref _instruments);
            next = [.. current, instrument];
        }
        while (Interlocked.CompareExchange(ref _instruments, next, current) != current);
    }
}
