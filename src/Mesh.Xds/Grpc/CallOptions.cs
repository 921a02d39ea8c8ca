namespace Mesh.Xds.Grpc;

/// <summary>Per-call settings for a client call.</summary>
/// <param name="Headers">Extra request headers (metadata); reserved gRPC and HTTP/2 headers are not allowed.</param>
/// <param name="Deadline">When the call must be done (UTC); sent as <c>grpc-timeout</c>. Null: no deadline.</param>
/// <param name="CancellationToken">Cancels the call: the stream is reset and the status is <see cref="StatusCode.Cancelled"/>.</param>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default);
