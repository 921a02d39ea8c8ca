using Google.Protobuf;

namespace Mesh.Xds.Grpc;

/// <summary>Describes one gRPC method: its shape, its path and how to parse its messages.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    /// <summary>Creates a method description.</summary>
    /// <param name="type">How many messages each side sends.</param>
    /// <param name="serviceName">The fully qualified service name, such as <c>envoy.service.discovery.v3.AggregatedDiscoveryService</c>.</param>
    /// <param name="name">The method name, such as <c>StreamAggregatedResources</c>.</param>
    /// <param name="requestParser">Parses request messages.</param>
    /// <param name="responseParser">Parses response messages.</param>
    public Method(
        MethodType type,
        string serviceName,
        string name,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(responseParser);
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = "/" + serviceName + "/" + name;
        RequestParser = requestParser;
        ResponseParser = responseParser;
    }

    /// <summary>How many messages each side sends.</summary>
    public MethodType Type { get; }

    /// <summary>The fully qualified service name.</summary>
    public string ServiceName { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 path of the method: <c>/service/name</c>.</summary>
    public string FullName { get; }

    /// <summary>Parses request messages.</summary>
    public MessageParser<TRequest> RequestParser { get; }

    /// <summary>Parses response messages.</summary>
    public MessageParser<TResponse> ResponseParser { get; }
}
