namespace Mesh.Xds.Grpc;

/// <summary>How many messages each side of a call sends.</summary>
public enum MethodType
{
    /// <summary>One request, one response.</summary>
    Unary,

    /// <summary>A request stream, one response.</summary>
    ClientStreaming,

    /// <summary>One request, a response stream.</summary>
    ServerStreaming,

    /// <summary>A request stream and a response stream, both open at once.</summary>
    DuplexStreaming,
}
