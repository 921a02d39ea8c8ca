using Google.Protobuf;

namespace Mesh.Sdk.Tests.Telemetry;

/// <summary>Reads the spans of OTLP <c>ExportTraceServiceRequest</c> bodies by field number, with no OTLP types.</summary>
internal static class OtlpSpans
{
    // ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.scope_spans = 2, ScopeSpans.scope = 1 and
    // .spans = 2, InstrumentationScope.name = 1, Span.trace_id = 1 and .attributes = 9, KeyValue.key = 1 and
    // .value = 2, AnyValue.string_value = 1.
    private const int ResourceSpans = 1;
    private const int ScopeSpans = 2;
    private const int Scope = 1;
    private const int ScopeName = 1;
    private const int Spans = 2;
    private const int TraceId = 1;
    private const int Attributes = 9;
    private const int Key = 1;
    private const int Value = 2;
    private const int StringValue = 1;

    /// <summary>
    /// The trace id, in hex, of every span of <paramref name="source"/> whose string attribute <paramref name="key"/>
    /// is <paramref name="value"/>, in the order they were posted.
    /// </summary>
    public static List<string> TraceIds(IEnumerable<byte[]> bodies, string source, string key, string value) =>
        [.. from body in bodies
            from resource in Fields(body, ResourceSpans)
            from scope in Fields(resource, ScopeSpans)
            where Fields(scope, Scope).Any(s => Fields(s, ScopeName).Any(name => Text(name) == source))
            from span in Fields(scope, Spans)
            where Fields(span, Attributes).Any(pair => Fields(pair, Key).Any(k => Text(k) == key) && Fields(pair, Value).Any(v => Fields(v, StringValue).Any(text => Text(text) == value)))
            select Convert.ToHexStringLower(Fields(span, TraceId).Single())];

    private static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    private static List<byte[]> Fields(byte[] message, int number)
    {
        var input = new CodedInputStream(message);
        var found = new List<byte[]>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
