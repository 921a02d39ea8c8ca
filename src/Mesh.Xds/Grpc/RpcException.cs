namespace Mesh.Xds.Grpc;

/// <summary>A call ended with a non-OK status.</summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception for <paramref name="status"/>.</summary>
    public RpcException(Status status)
        : this(status, new Metadata())
    {
    }

    /// <summary>Creates an exception for <paramref name="status"/> with the call's trailers.</summary>
    public RpcException(Status status, Metadata trailers)
        : base($"Status(StatusCode=\"{status.StatusCode}\", Detail=\"{status.Detail}\")")
    {
        Status = status;
        Trailers = trailers;
    }

    /// <summary>The call's status.</summary>
    public Status Status { get; }

    /// <summary>The status code of the call.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>The trailers the call ended with.</summary>
    public Metadata Trailers { get; }
}
