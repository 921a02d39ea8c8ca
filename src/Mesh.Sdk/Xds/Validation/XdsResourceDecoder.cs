using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.Sdk.Xds.Validation;

/// <summary>Decodes the resources of one xDS response and validates each, so the response is accepted or rejected as a whole.</summary>
internal static class XdsResourceDecoder
{
    public static DecodedResources Decode(XdsResourceKind kind, IEnumerable<Any> resources)
    {
        var expectedType = XdsTypeUrls.Of(kind);
        var valid = ImmutableDictionary.CreateBuilder<string, IMessage>(StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<string>();
        var index = 0;
        foreach (var any in resources)
        {
            var position = $"{kind} #{index}";
            index++;
            if (any.TypeUrl != expectedType)
            {
                errors.Add($"{position}: type '{any.TypeUrl}' does not belong in a {kind} response");
                continue;
            }

            IMessage message;
            try
            {
                message = Parse(kind, any.Value);
            }
            catch (InvalidProtocolBufferException exception)
            {
                errors.Add($"{position}: does not decode: {exception.Message}");
                continue;
            }

            var name = NameOf(message);
            if (name.Length == 0)
            {
                errors.Add($"{position}: name is empty");
                continue;
            }

            var problems = new List<string>();
            Validate(message, problems);
            if (problems.Count > 0)
            {
                errors.Add($"{kind} '{name}': {string.Join("; ", problems)}");
            }
            else if (!valid.TryAdd(name, message))
            {
                errors.Add($"{kind} '{name}': appears more than once in the response");
            }
        }

        return new DecodedResources(valid.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>The name a resource is subscribed by.</summary>
    public static string NameOf(IMessage message) => message switch
    {
        Listener listener => listener.Name,
        RouteConfiguration route => route.Name,
        Cluster cluster => cluster.Name,
        ClusterLoadAssignment assignment => assignment.ClusterName,
        _ => throw new ArgumentException($"{message.Descriptor.FullName} is not an xDS resource the client follows.", nameof(message)),
    };

    private static IMessage Parse(XdsResourceKind kind, ByteString bytes) => kind switch
    {
        XdsResourceKind.Listener => Listener.Parser.ParseFrom(bytes),
        XdsResourceKind.RouteConfiguration => RouteConfiguration.Parser.ParseFrom(bytes),
        XdsResourceKind.Cluster => Cluster.Parser.ParseFrom(bytes),
        XdsResourceKind.ClusterLoadAssignment => ClusterLoadAssignment.Parser.ParseFrom(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void Validate(IMessage message, List<string> problems)
    {
        switch (message)
        {
            case Listener listener:
                ListenerValidator.Validate(listener, problems);
                break;
            case RouteConfiguration route:
                RouteConfigurationValidator.Validate(route, problems);
                break;
            case Cluster cluster:
                ClusterValidator.Validate(cluster, problems);
                break;
            case ClusterLoadAssignment assignment:
                ClusterLoadAssignmentValidator.Validate(assignment, problems);
                break;
        }
    }
}
