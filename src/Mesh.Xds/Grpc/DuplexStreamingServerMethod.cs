namespace Mesh.Xds.Grpc;

/// <summary>Serves a bidirectional streaming call.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
/// <param name="requestStream">The requests.</param>
/// <param name="responseStream">Where responses go.</param>
/// <param name="context">The call.</param>
/// <returns>Completes when the response stream is done.</returns>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
