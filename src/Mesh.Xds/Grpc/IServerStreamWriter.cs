namespace Mesh.Xds.Grpc;

/// <summary>The server's side of a response stream.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
{
}
