using System.Globalization;
using System.Net;

namespace Mesh.Sdk.Resilience;

/// <summary>
/// Responses the mesh answers itself, flagged with why. gRPC calls get a trailers-only reply (HTTP 200,
/// <c>grpc-status</c> in the headers) as Envoy sends them, so gRPC clients see a proper status.
/// </summary>
internal static class LocalReply
{
    public const int GrpcUnavailable = 14;
    public const int GrpcDeadlineExceeded = 4;
    public const int GrpcResourceExhausted = 8;
    public const int GrpcUnimplemented = 12;

    private const string GrpcContentType = "application/grpc";

    public static HttpResponseMessage Create(
        HttpRequestMessage request,
        bool grpc,
        int? httpStatus,
        int? grpcStatus,
        string message,
        ResponseFlags flags,
        string? overflow = null)
    {
        HttpResponseMessage response;
        if (grpc || httpStatus is null)
        {
            response = new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = new ByteArrayContent([]) };
            response.Content.Headers.TryAddWithoutValidation("content-type", GrpcContentType);
            var code = grpcStatus ?? GrpcStatusFor(httpStatus!.Value);
            response.Headers.TryAddWithoutValidation(MeshHeaders.GrpcStatus, code.ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation(MeshHeaders.GrpcMessage, Uri.EscapeDataString(message));
        }
        else
        {
            response = new HttpResponseMessage((HttpStatusCode)httpStatus.Value) { Content = new StringContent(message) };
        }

        response.RequestMessage = request;
        ResponseFlagsFormat.Stamp(response, flags);
        if (overflow is not null)
        {
            response.Headers.TryAddWithoutValidation(MeshHeaders.Overflow, overflow);
        }

        Telemetry.MeshTracing.RecordLocalReply(request, response, flags);
        return response;
    }

    /// <summary>Envoy's mapping of a local reply's HTTP status to a gRPC status.</summary>
    public static int GrpcStatusFor(int httpStatus) => httpStatus switch
    {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => GrpcUnimplemented,
        429 or 502 or 503 or 504 => GrpcUnavailable,
        _ => 2,
    };

    /// <summary>The HTTP status a gRPC status stands for when judging an upstream, as Envoy maps it.</summary>
    public static int? HttpStatusFor(int grpcStatus) => grpcStatus switch
    {
        0 => null,
        GrpcUnavailable => 503,
        GrpcDeadlineExceeded => 504,
        2 or 13 or 15 => 500,
        _ => null,
    };

    public static bool IsGrpc(HttpRequestMessage request) =>
        request.Content?.Headers.NonValidated.TryGetValues("content-type", out var values) == true &&
        values.ToString().StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase);
}
