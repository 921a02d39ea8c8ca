using System.Reflection;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.Sdk.Xds;

/// <summary>Builds the <c>node</c> the client introduces itself with on the first request of each stream.</summary>
internal static class XdsNode
{
    /// <summary>The user agent the control plane recognises as this SDK, so it serves the full-feature resources.</summary>
    public const string UserAgentName = "mesh-dotnet";

    /// <summary>The metadata key of the service's namespace, as Istio's clients send it.</summary>
    public const string NamespaceKey = "NAMESPACE";

    public static Node Create(XdsClientOptions options)
    {
        var node = new Node
        {
            Id = options.NodeId,
            Cluster = options.ServiceName,
            Locality = new Locality { Region = options.Region ?? string.Empty, Zone = options.Zone ?? string.Empty },
            UserAgentName = UserAgentName,
            UserAgentVersion = typeof(XdsNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            Metadata = new Struct(),
        };
        node.Metadata.Fields[NamespaceKey] = Value.ForString(options.Namespace);
        return node;
    }
}
