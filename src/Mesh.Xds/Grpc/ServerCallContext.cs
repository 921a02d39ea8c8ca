namespace Mesh.Xds.Grpc;

/// <summary>What a server handler knows about the call it serves.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, such as <c>/package.Service/Method</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The caller's address, such as <c>ipv4:127.0.0.1:50123</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>When the call's deadline passes (from <c>grpc-timeout</c>); <see cref="DateTime.MaxValue"/> without one.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>The request headers.</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Trailers sent with the status when the handler returns.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>Cancelled when the caller goes away or the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }
}
