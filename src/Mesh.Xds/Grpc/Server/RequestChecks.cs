using Mesh.Xds.Grpc.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Xds.Grpc.Server;

/// <summary>Rejects requests that are not gRPC over HTTP/2 before any handler runs.</summary>
internal static class RequestChecks
{
    public static bool TryAccept(HttpContext http, string method, ILogger logger)
    {
        var request = http.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            Reject(http, method, logger, StatusCodes.Status426UpgradeRequired, $"gRPC requires HTTP/2, got {request.Protocol}");
            return false;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            Reject(http, method, logger, StatusCodes.Status415UnsupportedMediaType, $"content-type '{request.ContentType}' is not application/grpc");
            return false;
        }

        if (request.Headers[GrpcProtocol.EncodingHeader] is { Count: > 0 } encoding && encoding[0] != "identity")
        {
            WriteTrailersOnly(http, new Status(StatusCode.Unimplemented, $"grpc-encoding '{encoding[0]}' is not supported"));
            Log.Rejected(logger, method, FormatPeer(http), $"unsupported grpc-encoding '{encoding[0]}'");
            return false;
        }

        http.Response.ContentType = GrpcProtocol.ContentType;
        return true;
    }

    /// <summary>Ends the call with <paramref name="status"/> in the response headers and no body.</summary>
    public static void WriteTrailersOnly(HttpContext http, Status status)
    {
        var response = http.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcMessageEncoding.Encode(status.Detail);
    }

    private static void Reject(HttpContext http, string method, ILogger logger, int httpStatus, string reason)
    {
        Log.Rejected(logger, method, FormatPeer(http), reason);
        http.Response.StatusCode = httpStatus;
        WriteTrailersOnly(http, new Status(StatusCode.Internal, reason));
    }

    private static string FormatPeer(HttpContext http) =>
        $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
}
