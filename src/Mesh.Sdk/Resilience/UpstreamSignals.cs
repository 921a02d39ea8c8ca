using System.Globalization;
using System.Net.Http.Headers;

namespace Mesh.Sdk.Resilience;

/// <summary>What a try tells the upstream (its deadline) and what the upstream's answer or failure means for retries.</summary>
internal static class UpstreamSignals
{
    public static AttemptFailure Classify(HttpRequestException exception) => exception switch
    {
        { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
            => AttemptFailure.ConnectFailure,
        { InnerException: HttpProtocolException { ErrorCode: 0x7 } } => AttemptFailure.RefusedStream,
        _ => AttemptFailure.Reset,
    };

    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options ||
        method == HttpMethod.Trace || method == HttpMethod.Put || method == HttpMethod.Delete;

    public static void SetDeadlineHeader(HttpRequestHeaders headers, bool grpc, TimeSpan? limit, DeadlineHeaderText text)
    {
        var name = grpc ? MeshHeaders.GrpcTimeout : MeshHeaders.ExpectedTimeout;
        headers.Remove(name);
        if (limit is not { } value)
        {
            return;
        }

        headers.TryAddWithoutValidation(name, text.Format(grpc, value));
    }

    /// <summary>The caller's <c>grpc-timeout</c>, if it sent one that parses; <paramref name="text"/> is the header as sent, parsed or not.</summary>
    public static TimeSpan? ReadGrpcTimeout(HttpRequestHeaders headers, out string? text)
    {
        text = headers.NonValidated.TryGetValues(MeshHeaders.GrpcTimeout, out var values) ? values.ToString() : null;
        return text is not null && GrpcTimeoutHeader.TryParse(text, out var timeout) ? timeout : null;
    }

    public static int? ReadGrpcStatus(HttpResponseHeaders headers) =>
        headers.NonValidated.TryGetValues(MeshHeaders.GrpcStatus, out var values) &&
        int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;
}
