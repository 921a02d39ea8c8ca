namespace Mesh.Xds.Grpc;

/// <summary>The client's side of a request stream.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Half-closes the request stream: the server sees its end.</summary>
    Task CompleteAsync();
}
