namespace Mesh.Xds.Grpc;

/// <summary>Serves a client-streaming call.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
/// <param name="requestStream">The requests.</param>
/// <param name="context">The call.</param>
/// <returns>The response.</returns>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);
