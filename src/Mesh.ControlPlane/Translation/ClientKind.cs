namespace Mesh.ControlPlane.Translation;

/// <summary>The families of xDS client whose capabilities differ; each gets resources it supports.</summary>
internal enum ClientKind
{
    /// <summary>Envoy: supports everything the translator emits.</summary>
    Envoy,

    /// <summary>A gRPC proxyless client (grpc-go, grpc-java, grpc-js-xds, ...).</summary>
    GrpcProxyless,

    /// <summary>The Mesh .NET SDK.</summary>
    MeshSdk,
}
