using Envoy.Config.Core.V3;

namespace Mesh.ControlPlane.Translation;

/// <summary>Decides which kind of client sent an xDS request from the <c>user_agent_name</c> of its node.</summary>
internal static class ClientKinds
{
    /// <summary>What the Mesh .NET SDK sends as <c>user_agent_name</c>.</summary>
    public const string MeshSdkUserAgent = "mesh-dotnet";

    private const string EnvoyUserAgent = "envoy";

    /// <summary>
    /// The kind of client <paramref name="node"/> is; an unknown or missing user agent gets the most
    /// conservative kind, <see cref="ClientKind.GrpcProxyless"/>, so it is never sent what it may NACK.
    /// </summary>
    public static ClientKind FromNode(Node? node)
    {
        var userAgent = node?.UserAgentName ?? string.Empty;
        if (userAgent.Equals(EnvoyUserAgent, StringComparison.OrdinalIgnoreCase))
        {
            return ClientKind.Envoy;
        }

        if (userAgent.Equals(MeshSdkUserAgent, StringComparison.OrdinalIgnoreCase))
        {
            return ClientKind.MeshSdk;
        }

        // gRPC libraries ("gRPC Go", "gRPC Java", "gRPC Node Pure JS", ...) land here with every unknown agent.
        return ClientKind.GrpcProxyless;
    }
}
