namespace Mesh.Xds.Grpc;

/// <summary>The outcome of a call: a status code and a human-readable detail.</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Detail">The detail message, carried in <c>grpc-message</c>.</param>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    /// <summary>The status of a successful call.</summary>
    public static Status DefaultSuccess { get; } = new(StatusCode.OK, string.Empty);
}
