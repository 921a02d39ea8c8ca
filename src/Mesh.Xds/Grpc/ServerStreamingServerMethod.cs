namespace Mesh.Xds.Grpc;

/// <summary>Serves a server-streaming call.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
/// <param name="request">The request.</param>
/// <param name="responseStream">Where responses go.</param>
/// <param name="context">The call.</param>
/// <returns>Completes when the response stream is done.</returns>
public delegate Task ServerStreamingServerMethod<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
